package dev.cairn.cli;

import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.model.InferenceState;
import dev.cairn.runtime.BackendChoice;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.cache.ReadMode;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.tensor.quant.GgmlType;
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
            description = "Context length in tokens (default: the length the model was trained for, at most 4096).")
    Integer context;

    @Option(names = "--kv-type", paramLabel = "TYPE", defaultValue = "f16",
            description = "KV cache storage: f16 (half the memory) or f32 (default: ${DEFAULT-VALUE}).")
    String kvType;

    @Option(names = "--residency", paramLabel = "MODE", defaultValue = "auto",
            description = "Where layers live: auto (stream when the model does not fit the budget), resident or streaming (default: ${DEFAULT-VALUE}).")
    String residency;

    @Option(names = "--budget", paramLabel = "SIZE",
            description = "Memory for the whole process (the JVM, weights, KV cache, scratch; peak RSS stays within it): bytes like 1.5G or 800M, or a share of RAM like 25%% (default: 60%%).")
    String budget;

    @Option(names = "--gpu-budget", paramLabel = "SIZE",
            description = "Device memory the weights may take on a GPU; layers beyond it stream from the file: bytes like 1.5G or 800M, or a share of the device's memory like 50%% (default: what fits beside the KV cache and scratch, less 10%%).")
    String gpuBudget;

    @Option(names = "--prefetch", paramLabel = "N", defaultValue = "" + LoadOptions.DEFAULT_PREFETCH,
            description = "Layers read ahead of the one computing when streaming (default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "" + LoadOptions.DEFAULT_IO_THREADS,
            description = "Threads reading layers when streaming (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--read-mode", paramLabel = "MODE", defaultValue = "mmap",
            description = "How streamed layers are read: mmap (map and populate pages; fastest here), direct (O_DIRECT copies, no page cache) or buffered (default: ${DEFAULT-VALUE}).")
    String readMode;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            description = "Where to compute: auto (the first GPU, else the CPU), cpu, vulkan, vulkan:N, opencl or opencl:N (N from 'cairn devices') (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    int threadCount() {
        return threads == null ? CpuBackend.defaultThreads() : threads;
    }

    /** The context to allocate: --context, else the model's default (its trained length, capped). */
    int contextFor(LoadedModel loaded) {
        return context == null ? loaded.defaultContext() : context;
    }

    GgmlType kvCacheType() {
        return switch (kvType.toLowerCase(java.util.Locale.ROOT)) {
            case "f16" -> GgmlType.F16;
            case "f32" -> GgmlType.F32;
            default -> throw new IllegalArgumentException("--kv-type must be f16 or f32, was " + kvType);
        };
    }

    LoadedModel load() throws IOException {
        return load(0);
    }

    /** Loads the model, planning memory for {@code plannedContext} positions unless --context says otherwise. */
    LoadedModel load(int plannedContext) throws IOException {
        checkOptions();
        LoadOptions options = LoadOptions.defaults(threadCount())
                .withResidency(Checks.parsed("--residency", residency, Residency::parse))
                .withBudget(budget == null ? MemoryBudget.DEFAULT : Checks.parsed("--budget", budget, MemoryBudget::parse))
                .withContext(context == null ? plannedContext : context, kvCacheType())
                .withStreaming(prefetch, ioThreads, Checks.parsed("--read-mode", readMode, ReadMode::parse))
                .withBackend(Checks.parsed("--backend", backend, BackendChoice::parse))
                .withGpuBudget(gpuBudget == null ? null
                        : Checks.parsed("--gpu-budget", gpuBudget, text -> MemoryBudget.parse(text, "the device's memory")));
        LoadedModel loaded = LoadedModel.open(model, options);
        int trained = loaded.config().contextLength();
        if (context != null && context > trained) {
            System.err.printf(java.util.Locale.ROOT, "warning: --context %d is more than the %d tokens %s was trained for: "
                    + "text past %d tokens will likely be poor%n", context, trained, model.getFileName(), trained);
        }
        if (loaded.transformer().layers() instanceof StreamingLayers cache) {
            String where = loaded.transformer().backend().deviceMemoryBytes().isPresent()
                    ? "into GPU memory within a GPU budget of" : "within";
            System.err.printf(java.util.Locale.ROOT, "note: streaming layers %s %s: %d of %d layers pinned, %d in a "
                            + "ring read %d ahead (%s reads, %d I/O threads); about %s read per token%n",
                    where, Bytes.format(loaded.metrics().snapshot().budgetBytes()), cache.plan().pinned(), cache.plan().layers(),
                    cache.plan().ring(), Math.max(0, cache.plan().ring() - 1), cache.mode().label(), ioThreads,
                    Bytes.format(loaded.plan().streamedBytesPerToken(cache.plan())));
            long staging = loaded.hostStagingBytes();
            if (staging > 0) {
                System.err.printf(java.util.Locale.ROOT, "note: host memory %s of the %s budget (the process, the "
                                + "always-resident weights' copies and %s of staging)%n",
                        Bytes.format(loaded.plan().hostBytesStreamingToDevice(staging)), Bytes.format(options.budget().resolve()),
                        Bytes.format(staging));
            }
        }
        return loaded;
    }

    private void checkOptions() {
        if (threads != null) {
            Checks.atLeastOne("--threads", threads);
            int cores = CpuBackend.defaultThreads();
            if (threads > cores) {
                throw new IllegalArgumentException("--threads " + threads + " is more than the " + cores + " cores here: use at most "
                        + cores + " (the default uses all of them)");
            }
        }
        if (context != null) {
            Checks.atLeastOne("--context", context);
        }
        Checks.atLeastOne("--prefetch", prefetch);
        Checks.atLeastOne("--io-threads", ioThreads);
    }
}
