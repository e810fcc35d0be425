package dev.cairn.model;

import java.util.List;

/** Every layer where the model file maps it: nothing to load, nothing to wait for. */
public final class MappedLayers implements LayerSource {

    private final List<LayerMatrices> layers;

    public MappedLayers(Weights weights) {
        this.layers = weights.layers().stream().map(LayerMatrices::of).toList();
    }

    @Override
    public LayerMatrices acquire(int layer) {
        return layers.get(layer);
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
