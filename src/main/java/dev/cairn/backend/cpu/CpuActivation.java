package dev.cairn.backend.cpu;

import dev.cairn.backend.Activation;

/**
 * Activations on the Java heap, row-major: row {@code t} is {@code data[t * cols .. (t + 1) * cols)}. Heap
 * memory: the collector reclaims it once the session lets go, so closing has nothing to do.
 */
record CpuActivation(float[] data, int rows, int cols) implements Activation {

    CpuActivation(int rows, int cols) {
        this(new float[Math.multiplyExact(rows, cols)], rows, cols);
    }

    @Override
    public void close() {
    }
}
