package dev.cairn.cli;

import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.model.InferenceState;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that loads a model. */
final class ModelOptions {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "GGUF model file.")
    Path model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Compute threads (default: all cores).")
    Integer threads;

    @Option(names = {"-c", "--context"}, paramLabel = "N",
            description = "Context length in tokens (default: the model's, at most 4096, grown to fit the request).")
    Integer context;

    @Option(names = "--kv-type", paramLabel = "TYPE", defaultValue = "f16",
            description = "KV cache storage: f16 (half the memory) or f32 (default: ${DEFAULT-VALUE}).")
    String kvType;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    int threadCount() {
        return threads == null ? CpuBackend.defaultThreads() : threads;
    }

    /** The context to allocate for a run that needs {@code tokensNeeded} positions. */
    int contextFor(LoadedModel loaded, int tokensNeeded) {
        if (context == null) {
            return loaded.defaultContext(tokensNeeded);
        }
        if (context < 1) {
            throw new IllegalArgumentException("--context must be at least 1");
        }
        return context;
    }

    /** A state for a run that needs {@code tokensNeeded} positions, with the chosen KV cache type. */
    InferenceState newState(LoadedModel loaded, int tokensNeeded) {
        return loaded.newState(contextFor(loaded, tokensNeeded), kvCacheType());
    }

    GgmlType kvCacheType() {
        return switch (kvType.toLowerCase(java.util.Locale.ROOT)) {
            case "f16" -> GgmlType.F16;
            case "f32" -> GgmlType.F32;
            default -> throw new IllegalArgumentException("--kv-type must be f16 or f32, was " + kvType);
        };
    }

    LoadedModel load() throws IOException {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        return LoadedModel.open(model, threadCount());
    }
}
