package dev.cairn.gpu.vulkan;

import dev.cairn.backend.Weight;
import dev.cairn.tensor.quant.GgmlType;
import java.util.List;

/**
 * A weight tensor in device memory, its rows split over buffers that each fit one shader binding
 * ({@code maxStorageBufferRange}: 128 MiB on lavapipe). Rows stay whole: a kernel decodes a row from one
 * buffer. Vectors (norm weights, biases) are stored as F32 whatever their file type, so the element-wise
 * kernels read one type.
 */
record VulkanWeight(String name, GgmlType type, int rows, int cols, long rowBytes, List<Part> parts) implements Weight {

    /** Rows {@code [firstRow, firstRow + rows)} of the tensor, in {@code buffer}. */
    record Part(GpuBuffer buffer, int firstRow, int rows) {
    }

    VulkanWeight {
        parts = List.copyOf(parts);
    }

    /** The part that holds {@code row}. */
    Part partOf(int row) {
        for (Part part : parts) {
            if (row < part.firstRow() + part.rows()) {
                return part;
            }
        }
        throw new IndexOutOfBoundsException(name + " has " + rows + " rows, not row " + row);
    }

    /** The single buffer of a vector. */
    GpuBuffer vector() {
        return parts.getFirst().buffer();
    }
}
