package dev.cairn.gpu.vulkan;

import dev.cairn.backend.DeviceSlots;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The device slots of a streaming layer cache on Vulkan: per slot one device buffer per streamed tensor
 * (each tensor binds as a whole, as a resident weight does) and one host-visible staging buffer the layer is
 * read into. An upload is its own submission with its own fence ({@link VulkanContext#transfer}), so it
 * runs while the compute thread records and submits kernels.
 */
final class VulkanLayerSlots implements DeviceSlots {

    private final VulkanContext vk;
    private final GpuBuffer[][] places;  // (slots, places) device memory
    private final GpuBuffer[] staging;   // (slots) host-visible, mapped
    private final List<GpuBuffer> all = new ArrayList<>();

    VulkanLayerSlots(VulkanContext vk, int slots, long[] placeBytes, long stagingBytes, LongFunction<GpuBuffer> deviceBuffer) {
        this.vk = vk;
        places = new GpuBuffer[slots][placeBytes.length];
        staging = new GpuBuffer[slots];
        try {
            for (int s = 0; s < slots; s++) {
                for (int p = 0; p < placeBytes.length; p++) {
                    places[s][p] = keep(deviceBuffer.apply(placeBytes[p]));
                }
                staging[s] = keep(vk.buffer(Math.max(4, stagingBytes), GpuBuffer.Use.STAGING));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private GpuBuffer keep(GpuBuffer buffer) {
        all.add(buffer);
        return buffer;
    }

    @Override
    public MemorySegment staging(int slot) {
        return staging[slot].mapped();
    }

    @Override
    public Weight weight(int slot, int place, Tensor tensor) {
        if (tensor.rows() < 2) {
            throw new IllegalArgumentException(tensor.name() + " is a vector: vectors stay resident, only matrices stream");
        }
        long rowBytes = tensor.type().bytesFor(tensor.cols());
        GpuBuffer buffer = places[slot][place];
        if (rowBytes * tensor.rows() > buffer.size) {
            throw new IllegalArgumentException(tensor.name() + " does not fit its place of " + buffer.size + " bytes");
        }
        return new VulkanWeight(tensor.name(), tensor.type(), tensor.rows(), tensor.cols(), rowBytes,
                List.of(new VulkanWeight.Part(buffer, 0, tensor.rows())));
    }

    @Override
    public void upload(int slot, long[] stagingOffsets, long[] bytes) {
        vk.flushHostWrites(staging[slot], staging[slot].size);
        vk.transfer(staging[slot], stagingOffsets, places[slot], bytes);
    }

    @Override
    public long allocatedBytes() {
        long sum = 0;
        for (GpuBuffer buffer : all) {
            sum += buffer.size;
        }
        return sum;
    }

    @Override
    public void close() {
        all.forEach(GpuBuffer::close);
    }
}
