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

    @Option(names = {"-c", "--context"}, paramLabel = "N", defaultValue = "4096",
            description = "Context length in tokens, capped at the model's (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    int threadCount() {
        return threads == null ? CpuBackend.defaultThreads() : threads;
    }

    LoadedModel load() throws IOException {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        return LoadedModel.open(model, threadCount());
    }
}
