package dev.cairn.gpu.vulkan;

import dev.cairn.gpu.DeviceActivation;
import java.util.Set;

/** {@code rows x cols} floats in device memory, row after row. */
final class VulkanActivation extends DeviceActivation<GpuBuffer> {

    VulkanActivation(GpuBuffer buffer, int rows, int cols, Set<AutoCloseable> open) {
        super(buffer, rows, cols, open);
    }
}
