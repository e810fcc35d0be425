package dev.cairn.gpu.opencl;

import dev.cairn.backend.Weight;
import dev.cairn.tensor.quant.GgmlType;

/**
 * A weight tensor in one device buffer, rows of {@code rowBytes} one after another. Vectors (norm weights,
 * biases) are stored as F32 whatever their file type, so the element-wise kernels read one type.
 */
record OpenClWeight(String name, GgmlType type, int rows, int cols, long rowBytes, ClBuffer buffer) implements Weight {
}
