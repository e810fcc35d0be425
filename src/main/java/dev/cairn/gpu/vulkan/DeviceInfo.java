package dev.cairn.gpu.vulkan;

import java.util.List;

/**
 * What {@code cairn devices} shows of one Vulkan device, and what the backend checks before it computes.
 *
 * @param index                  the device's place in the loader's enumeration: N of {@code --backend vulkan:N}
 * @param type                   discrete, integrated, virtual, cpu (lavapipe) or other
 * @param deviceLocalBytes       the largest device-local heap: where weights go
 * @param subgroupSize           invocations that run in lockstep (32 on NVIDIA, 8 on lavapipe)
 * @param subgroupArithmetic     sums and maxima across a subgroup in compute shaders
 * @param storage16Bit           16-bit values in storage buffers
 * @param integerDotProduct      packed 8-bit integer dot products in shaders
 * @param maxStorageBufferRange  the most bytes one shader buffer binding may span: larger tensors are split
 * @param transferQueue          where uploads of streamed layers run, for people ({@link Queues#transferDescription})
 */
public record DeviceInfo(int index, String name, String type, String driver, String apiVersion, List<Heap> heaps,
        long deviceLocalBytes, int subgroupSize, boolean subgroupArithmetic, boolean storage16Bit, boolean integerDotProduct,
        long maxStorageBufferRange, String transferQueue) {

    public DeviceInfo {
        heaps = List.copyOf(heaps);
    }

    /** A memory heap: its size and whether it is the device's own memory. */
    public record Heap(long bytes, boolean deviceLocal) {
    }

    /** A real GPU, which {@code --backend auto} may pick; not a CPU that implements Vulkan (lavapipe). */
    public boolean isGpu() {
        return type.equals("discrete") || type.equals("integrated");
    }
}
