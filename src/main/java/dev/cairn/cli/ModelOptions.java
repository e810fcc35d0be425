package dev.cairn.cli;

import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.runtime.LoadedModel;
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

    LoadedModel load() throws IOException {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        return LoadedModel.open(model, threadCount());
    }
}
