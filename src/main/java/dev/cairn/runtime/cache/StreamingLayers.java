package dev.cairn.runtime.cache;

import dev.cairn.gguf.GgufFile;
import dev.cairn.model.LayerMatrices;
import dev.cairn.model.LayerSource;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.Weights;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.metrics.EngineMetrics;

/** Layers streamed through a bounded cache (being written). */
public final class StreamingLayers implements LayerSource {

    public static StreamingLayers open(GgufFile file, ModelConfig config, MemoryPlan plan, long budget,
            LoadOptions options, EngineMetrics metrics) throws java.io.IOException {
        throw new UnsupportedOperationException("streaming is being written");
    }

    public Weights weights() {
        throw new UnsupportedOperationException();
    }

    @Override
    public LayerMatrices acquire(int layer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void release(int layer) {
    }

    @Override
    public void passEnd(int tokens) {
    }

    @Override
    public void close() {
    }
}
