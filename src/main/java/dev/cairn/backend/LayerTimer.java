package dev.cairn.backend;

/**
 * Receives when each layer really computed, from a backend whose work runs after it is recorded (a GPU
 * runs a pass's recorded kernels when the logits are read back): times on the host's
 * {@link System#nanoTime} clock.
 */
@FunctionalInterface
public interface LayerTimer {

    void layerComputed(int layer, long startNanos, long endNanos);
}
