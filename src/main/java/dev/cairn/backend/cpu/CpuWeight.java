package dev.cairn.backend.cpu;

import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;

/**
 * A weight computed on where it lies in host memory (the file mapping, a resident copy, a cache slot).
 * A vector (norm weights, biases) is also decoded to floats once, since every use reads all of it.
 *
 * @param values the decoded elements of a one-row tensor; {@code null} for a matrix
 */
record CpuWeight(Tensor tensor, float[] values) implements Weight {

    static CpuWeight of(Tensor tensor) {
        return new CpuWeight(tensor, tensor.rows() == 1 ? tensor.toFloats() : null);
    }

    /** The elements of a vector weight. */
    float[] vector() {
        if (values == null) {
            throw new IllegalArgumentException(tensor.name() + " is a matrix, not a vector");
        }
        return values;
    }

    @Override
    public String name() {
        return tensor.name();
    }

    @Override
    public GgmlType type() {
        return tensor.type();
    }

    @Override
    public int rows() {
        return tensor.rows();
    }

    @Override
    public int cols() {
        return tensor.cols();
    }
}
