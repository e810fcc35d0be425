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
 * @param gpuBudget   the device memory a GPU's weights may take (a share is of the device's memory); null:
 *                    what fits beside the KV cache and scratch, less {@link #DEVICE_MARGIN}
 */
public record LoadOptions(int threads, int context, GgmlType kvType, Residency residency, MemoryBudget budget,
        int prefetch, int ioThreads, ReadMode readMode, BackendChoice backend, MemoryBudget gpuBudget) {

    /** The share of a GPU's memory the default GPU budget leaves free (drivers, other programs, fragmentation). */
    public static final double DEVICE_MARGIN = 0.10;

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
                DEFAULT_IO_THREADS, ReadMode.MMAP, BackendChoice.CPU, null);
    }

    /** How layers stream, when they do. */
    public StreamingOptions streaming() {
        return new StreamingOptions(prefetch, ioThreads, readMode);
    }

    public LoadOptions withResidency(Residency r) {
        return new LoadOptions(threads, context, kvType, r, budget, prefetch, ioThreads, readMode, backend, gpuBudget);
    }

    public LoadOptions withBudget(MemoryBudget b) {
        return new LoadOptions(threads, context, kvType, residency, b, prefetch, ioThreads, readMode, backend, gpuBudget);
    }

    public LoadOptions withContext(int c, GgmlType kv) {
        return new LoadOptions(threads, c, kv, residency, budget, prefetch, ioThreads, readMode, backend, gpuBudget);
    }

    public LoadOptions withStreaming(int prefetchLayers, int readers, ReadMode mode) {
        return new LoadOptions(threads, context, kvType, residency, budget, prefetchLayers, readers, mode, backend, gpuBudget);
    }

    /** The device memory a GPU's weights may take; null for the default (see {@link #gpuBudget}). */
    public LoadOptions withGpuBudget(MemoryBudget b) {
        return new LoadOptions(threads, context, kvType, residency, budget, prefetch, ioThreads, readMode, backend, b);
    }

    /**
     * The bytes a GPU of {@code deviceBytes} gives the weights of {@code plan}: the GPU budget, or by default
     * what the device holds beside the KV cache and scratch, less the margin.
     */
    public long gpuWeightsBytes(long deviceBytes, MemoryPlan plan) {
        if (gpuBudget != null) {
            return gpuBudget.resolve(deviceBytes);
        }
        return (long) (deviceBytes * (1 - DEVICE_MARGIN)) - plan.kvBytes() - plan.scratchBytes();
    }

    public LoadOptions withBackend(BackendChoice choice) {
        return new LoadOptions(threads, context, kvType, residency, budget, prefetch, ioThreads, readMode, choice, gpuBudget);
    }
}
