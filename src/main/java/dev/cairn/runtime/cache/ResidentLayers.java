package dev.cairn.runtime.cache;

import dev.cairn.model.Layer;
import dev.cairn.model.LayerSource;
import dev.cairn.runtime.metrics.EngineMetrics;

/** Resident layers, every request a hit, with compute spans recorded for the inspector. */
public final class ResidentLayers implements LayerSource {

    private final LayerSource resident;
    private final EngineMetrics metrics;
    private long computeStarted;

    public ResidentLayers(LayerSource resident, EngineMetrics metrics) {
        this.resident = resident;
        this.metrics = metrics;
    }

    @Override
    public Layer acquire(int layer) {
        metrics.request(layer);
        metrics.hit(layer);
        computeStarted = metrics.computeStart(layer);
        return resident.acquire(layer);
    }

    @Override
    public void release(int layer) {
        metrics.computeEnd(layer, computeStarted);
        resident.release(layer);
    }

    @Override
    public void passEnd(int tokens) {
        metrics.passEnd(tokens);
        resident.passEnd(tokens);
    }

    @Override
    public void explain(Throwable failure) {
        resident.explain(failure);
    }

    @Override
    public void close() {
        resident.close();
    }
}
