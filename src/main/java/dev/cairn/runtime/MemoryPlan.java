package dev.cairn.runtime;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.model.InferenceState;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.ModelLoader;
import dev.cairn.runtime.cache.CachePlan;
import dev.cairn.runtime.cache.ReadMode;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.tensor.quant.GgmlType;

/**
 * What a model needs in memory for a given context, computed from metadata alone (no weights read).
 * The budget of a load is the whole process's memory and covers all of it: the process itself (the JVM,
 * {@link ProcessMemory#baselineBytes}), always-resident weights (embeddings, classifier, norms), the
 * layer matrices (all of them when resident, the layer cache when streaming), the KV cache and scratch.
 * The layers' sizes come from the {@link LayerManifest}, a session's from laying out an
 * {@link InferenceState} of this context: the same allocations the engine makes.
 *
 * @param layerBytes    (layers) bytes of each layer's matrices: what streaming reads per layer
 * @param residentBytes weights that stay in memory in every mode
 * @param kvBytes       keys and values for {@code context} positions
 * @param scratchBytes  a session's activations and logits
 * @param processBytes  the process's own memory beside the model (JVM, classes, heap)
 */
public record MemoryPlan(int context, long[] layerBytes, long residentBytes, long kvBytes, long scratchBytes,
                         long processBytes) {

    public MemoryPlan {
        layerBytes = layerBytes.clone();
    }

    public static MemoryPlan of(GgufFile file, ModelConfig config, int context, GgmlType kvType) {
        return of(file, LayerManifest.of(file, config), context, kvType);
    }

    public static MemoryPlan of(GgufFile file, LayerManifest manifest, int context, GgmlType kvType) {
        ModelConfig config = manifest.config();
        long[] layers = new long[config.layers()];
        long all = 0;
        for (GgufTensorInfo t : file.tensors()) {
            all += t.byteSize();
        }
        long streamed = 0;
        for (int l = 0; l < layers.length; l++) {
            layers[l] = manifest.streamedBytes(l);
            streamed += layers[l];
        }
        InferenceState.Memory session = InferenceState.memory(config, context, kvType);
        return new MemoryPlan(context, layers, all - streamed, session.kvBytes(), session.activationBytes(),
                ProcessMemory.baselineBytes());
    }

    @Override
    public long[] layerBytes() {
        return layerBytes.clone();
    }

    public int layers() {
        return layerBytes.length;
    }

    public long layerBytes(int layer) {
        return layerBytes[layer];
    }

    public long largestLayerBytes() {
        long max = 0;
        for (long b : layerBytes) {
            max = Math.max(max, b);
        }
        return max;
    }

    public long streamableBytes() {
        long sum = 0;
        for (long b : layerBytes) {
            sum += b;
        }
        return sum;
    }

    public long weightsBytes() {
        return residentBytes + streamableBytes();
    }

    /** Everything resident: the process, all weights, the KV cache and scratch. */
    public long totalBytes() {
        return processBytes + deviceBytes();
    }

    /** What a GPU holds for a resident model: all weights, the KV cache and scratch (the process stays on the host). */
    public long deviceBytes() {
        return weightsBytes() + kvBytes + scratchBytes;
    }

    /** Whether the whole model fits in {@code budget} bytes without streaming. */
    public boolean fitsResident(long budget) {
        return totalBytes() <= budget;
    }

    /** Bytes left for the layer cache when streaming within {@code budget}; may be negative. */
    public long cacheBytes(long budget) {
        return budget - processBytes - residentBytes - kvBytes - scratchBytes;
    }

    /** The smallest budget whose layer cache holds {@code slots} slots of {@code slotBytes} ({@link StreamingLayers#slotBytes}). */
    public long budgetForSlots(long slotBytes, int slots) {
        return -cacheBytes(0) + slots * slotBytes;
    }

    /** The smallest budget whose layer cache holds {@code slots} layers of {@code file} streaming in {@code mode}. */
    public long budgetForSlots(GgufFile file, ReadMode mode, int slots) {
        LayerManifest manifest = LayerManifest.of(file, ModelLoader.config(file));
        return budgetForSlots(StreamingLayers.slotBytes(file, manifest, mode), slots);
    }

    /**
     * Host memory while layers stream into a GPU with {@code stagingBytes} of staging
     * ({@link StreamingLayers#deviceStagingBytes}): the process, the copies of the always-resident tensors and
     * the staging buffers; the KV cache, scratch and layers live on the device. What {@code --budget} covers then.
     */
    public long hostBytesStreamingToDevice(long stagingBytes) {
        return processBytes + residentBytes + stagingBytes;
    }

    /** The smallest budget that can stream: everything but the layers, plus room for the largest layer. */
    public long minimumStreamingBudget() {
        return processBytes + residentBytes + kvBytes + scratchBytes + largestLayerBytes();
    }

    /**
     * The plan a layer cache of {@code cacheBytes} runs with {@code prefetch} layers read ahead (see
     * {@link CachePlan}), counting slots of the largest layer; every layer pinned when all fit.
     */
    public CachePlan cachePlan(long cacheBytes, int prefetch) {
        long slots = cacheBytes / Math.max(1, largestLayerBytes());
        return CachePlan.of(layers(), (int) Math.max(1, Math.min(layers(), slots)), prefetch);
    }

    /** Layer matrices read from disk per token when a cache of {@code cacheBytes} streams the rest; 0 when every layer fits. */
    public long streamedBytesPerToken(long cacheBytes, int prefetch) {
        return streamedBytesPerToken(cachePlan(cacheBytes, prefetch));
    }

    /** Layer matrices read from disk per token under {@code cache}, the plan a streaming cache runs. */
    public long streamedBytesPerToken(CachePlan cache) {
        long sum = 0;
        for (int l = 0; l < layers(); l++) {
            if (cache.isReadEveryPass(l)) {
                sum += layerBytes[l];
            }
        }
        return sum;
    }
}
