package dev.cairn.runtime.cache;

import dev.cairn.model.Layer;
import dev.cairn.model.LayerSource;
import dev.cairn.runtime.metrics.EngineMetrics;

/**
 * Resident layers, every request a hit, with compute spans recorded for the inspector: timed here around
 * each layer's calls, unless the backend times its layers itself (a GPU, whose kernels run later).
 */
public final class ResidentLayers implements LayerSource {

    private final LayerSource resident;
    private final EngineMetrics metrics;
    private final boolean timeCalls;
    private long computeStarted;

    /** Layers whose compute the calls time. */
    public ResidentLayers(LayerSource resident, EngineMetrics metrics) {
        this(resident, metrics, true);
    }

    /** Layers whose compute the calls time when {@code timeCalls}, and the backend times otherwise. */
    public ResidentLayers(LayerSource resident, EngineMetrics metrics, boolean timeCalls) {
        this.resident = resident;
        this.metrics = metrics;
        this.timeCalls = timeCalls;
    }

    @Override
    public Layer acquire(int layer) {
        metrics.request(layer);
        metrics.hit(layer);
        if (timeCalls) {
            computeStarted = metrics.computeStart(layer);
        }
        return resident.acquire(layer);
    }

    @Override
    public void release(int layer) {
        if (timeCalls) {
            metrics.computeEnd(layer, computeStarted);
        }
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
