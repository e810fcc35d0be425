package dev.cairn.runtime.cache;

import dev.cairn.model.LayerMatrices;
import dev.cairn.model.LayerSource;
import dev.cairn.model.MappedLayers;
import dev.cairn.model.Weights;
import dev.cairn.runtime.metrics.EngineMetrics;

/** Mapped layers, every request a hit, with compute spans recorded for the inspector. */
public final class ResidentLayers implements LayerSource {

    private final MappedLayers mapped;
    private final EngineMetrics metrics;
    private long computeStarted;

    public ResidentLayers(Weights weights, EngineMetrics metrics) {
        this.mapped = new MappedLayers(weights);
        this.metrics = metrics;
    }

    @Override
    public LayerMatrices acquire(int layer) {
        metrics.request(layer);
        metrics.hit(layer);
        computeStarted = metrics.computeStart(layer);
        return mapped.acquire(layer);
    }

    @Override
    public void release(int layer) {
        metrics.computeEnd(layer, computeStarted);
    }

    @Override
    public void passEnd(int tokens) {
        metrics.passEnd(tokens);
    }

    @Override
    public void close() {
    }
}
