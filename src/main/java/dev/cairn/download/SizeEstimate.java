package dev.cairn.download;

import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.ProcessMemory;
import java.util.Arrays;
import java.util.Optional;

/**
 * A memory plan for a model known only by its file's size and quantization, before any of it is
 * fetched; the real header replaces it as soon as the first megabytes arrive.
 *
 * <p>How it is derived (no shape is known, so it takes a typical one):
 * <ul>
 * <li>weights: the file's size (the header is a few megabytes at most);
 * <li>always resident (embeddings, classifier, norms): 15% of the weights, about what they are in
 *     TinyLlama 1.1B (14%), Llama 3.1 8B and Qwen2.5 7B (15%) at Q4;
 * <li>the rest in {@value #LAYERS} equal layers, so streaming reads are counted in 1/32 steps;
 * <li>KV cache (F16): 0.1 byte per parameter per 4,096 positions of context, parameters being the file's bits
 *     over the main type's bits per weight. That is the most among the grouped-query models checked (Llama 3.2 1B
 *     0.108, TinyLlama 0.084, Llama 3.1 8B 0.067, Qwen2.5 7B 0.031); models without grouped-query attention,
 *     such as Llama 2 7B (0.32), need about three times more, which the header then shows. An unknown type
 *     counts as 8 bits per weight;
 * <li>scratch: 32 MiB (7 MB for TinyLlama, 16 MB for Llama 3.1 8B by {@link MemoryPlan#of});
 * <li>the process itself: measured, as in every plan ({@link ProcessMemory#baselineBytes}).
 * </ul>
 */
public final class SizeEstimate {

    static final int LAYERS = 32;
    static final double RESIDENT_SHARE = 0.15;
    static final double KV_BYTES_PER_PARAMETER_PER_4K = 0.1;
    static final long SCRATCH_BYTES = 32L << 20;

    private SizeEstimate() {
    }

    public static MemoryPlan plan(long fileBytes, Optional<Quantization> quantization, int context) {
        double bits = quantization.filter(Quantization::supported).map(Quantization::bitsPerWeight).orElse(8.0);
        double parameters = fileBytes * 8.0 / bits;
        long kv = (long) (parameters * KV_BYTES_PER_PARAMETER_PER_4K * context / 4096);
        long resident = (long) (fileBytes * RESIDENT_SHARE);
        long[] layers = new long[LAYERS];
        Arrays.fill(layers, (fileBytes - resident) / LAYERS);
        return new MemoryPlan(context, layers, resident, kv, SCRATCH_BYTES, ProcessMemory.baselineBytes());
    }
}
