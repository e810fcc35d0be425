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
 * (each tensor binds as a whole, as a resident weight does), and host-visible staging buffers, one per
 * I/O thread, that layers are read into: the reads of several layers go on at once, while their uploads
 * take turns. An upload is its own submission with its own fence ({@link VulkanContext#transfer}, one at a
 * time), so it runs while the compute thread records and submits kernels.
 */
final class VulkanLayerSlots implements DeviceSlots {

    private final VulkanContext vk;
    private final GpuBuffer[][] places;  // (slots, places) device memory
    private final GpuBuffer[] staging;   // (stagings) host-visible, mapped
    private final List<GpuBuffer> all = new ArrayList<>();

    VulkanLayerSlots(VulkanContext vk, int slots, long[] placeBytes, int stagings, long stagingBytes,
            LongFunction<GpuBuffer> deviceBuffer) {
        this.vk = vk;
        places = new GpuBuffer[slots][placeBytes.length];
        staging = new GpuBuffer[stagings];
        try {
            for (int s = 0; s < slots; s++) {
                for (int p = 0; p < placeBytes.length; p++) {
                    places[s][p] = keep(deviceBuffer.apply(placeBytes[p]));
                }
            }
            for (int i = 0; i < stagings; i++) {
                staging[i] = keep(vk.buffer(Math.max(4, stagingBytes), GpuBuffer.Use.STAGING));
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
    public MemorySegment staging(int index) {
        return staging[index].mapped();
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
    public void upload(int index, int slot, long[] stagingOffsets, long[] bytes) {
        vk.flushHostWrites(staging[index], staging[index].size);
        vk.transfer(staging[index], stagingOffsets, places[slot], bytes);
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
