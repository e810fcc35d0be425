package dev.cairn.runtime;

import dev.cairn.runtime.cache.ReadMode;
import dev.cairn.runtime.cache.StreamingOptions;
import dev.cairn.tensor.quant.GgmlType;

/**
 * Everything chosen when a model is loaded.
 *
 * @param threads     compute threads
 * @param context     the context length the plan assumes (0: the model's default, capped)
 * @param kvType      F16 (default) or F32 keys and values
 * @param residency   where layers live; {@link Residency#AUTO} decides from the {@link MemoryPlan}
 * @param budget      the whole process's memory: the JVM, weights, KV cache and scratch
 * @param prefetch    layers loaded ahead of the one computing when streaming (at least 1)
 * @param ioThreads   threads reading layers when streaming
 * @param readMode    how streamed layers are read
 * @param backend     where the model computes
 */
public record LoadOptions(int threads, int context, GgmlType kvType, Residency residency, MemoryBudget budget,
        int prefetch, int ioThreads, ReadMode readMode, BackendChoice backend) {

    public static final int DEFAULT_PREFETCH = 2;
    public static final int DEFAULT_IO_THREADS = 1;

    public LoadOptions {
        if (threads < 1 || context < 0 || prefetch < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("threads, prefetch and I/O threads must be at least 1, context at least 0");
        }
        if (kvType != GgmlType.F16 && kvType != GgmlType.F32) {
            throw new IllegalArgumentException("the KV cache is F16 or F32, not " + kvType);
        }
    }

    /** Resident weights, default context, F16 KV cache: what the engine did before streaming existed. */
    public static LoadOptions resident(int threads) {
        return defaults(threads).withResidency(Residency.RESIDENT);
    }

    /**
     * Automatic residency within the default budget, on the CPU: a program that wants a GPU says so with
     * {@link #withBackend} (the command line and the app default to {@link BackendChoice#AUTO}).
     */
    public static LoadOptions defaults(int threads) {
        return new LoadOptions(threads, 0, GgmlType.F16, Residency.AUTO, MemoryBudget.DEFAULT, DEFAULT_PREFETCH,
                DEFAULT_IO_THREADS, ReadMode.MMAP, BackendChoice.CPU);
    }

    /** How layers stream, when they do. */
    public StreamingOptions streaming() {
        return new StreamingOptions(prefetch, ioThreads, readMode);
    }

    public LoadOptions withResidency(Residency r) {
        return new LoadOptions(threads, context, kvType, r, budget, prefetch, ioThreads, readMode, backend);
    }

    public LoadOptions withBudget(MemoryBudget b) {
        return new LoadOptions(threads, context, kvType, residency, b, prefetch, ioThreads, readMode, backend);
    }

    public LoadOptions withContext(int c, GgmlType kv) {
        return new LoadOptions(threads, c, kv, residency, budget, prefetch, ioThreads, readMode, backend);
    }

    public LoadOptions withStreaming(int prefetchLayers, int readers, ReadMode mode) {
        return new LoadOptions(threads, context, kvType, residency, budget, prefetchLayers, readers, mode, backend);
    }

    public LoadOptions withBackend(BackendChoice choice) {
        return new LoadOptions(threads, context, kvType, residency, budget, prefetch, ioThreads, readMode, choice);
    }
}
