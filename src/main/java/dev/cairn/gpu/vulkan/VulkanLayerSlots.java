package dev.cairn.gpu.vulkan;

import dev.cairn.backend.DeviceSlots;
import dev.cairn.backend.Weight;
import dev.cairn.gpu.StreamedPlaces;
import dev.cairn.gpu.Teardown;
import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The device slots of a streaming layer cache on Vulkan: per slot one device buffer per streamed tensor
 * (each tensor binds as a whole, as a resident weight does), and host-visible staging buffers, one per
 * I/O thread, that layers are read into. Each staging buffer uploads through a {@link Transfers.Lane} of
 * its own on the transfer queue, so the uploads of several I/O threads are in flight together while the
 * compute thread records and submits kernels.
 */
final class VulkanLayerSlots implements DeviceSlots {

    private final GpuBuffer[][] places;  // (slots, places) device memory
    private final GpuBuffer[] staging;   // (stagings) host-visible, mapped
    private final Transfers.Lane[] lanes; // (stagings)
    private final long[] zeros;          // (places) every tensor starts its place
    private final Set<AutoCloseable> open;
    private final Teardown teardown = new Teardown();
    private long allocated;

    /** Allocates the slots and staging; what was allocated before a step fails is freed again. */
    VulkanLayerSlots(VulkanContext vk, int slots, long[] placeBytes, int stagings, long stagingBytes,
            LongFunction<GpuBuffer> deviceBuffer, Set<AutoCloseable> open) {
        this.open = open;
        places = new GpuBuffer[slots][placeBytes.length];
        staging = new GpuBuffer[stagings];
        lanes = new Transfers.Lane[stagings];
        zeros = new long[placeBytes.length];
        try {
            StreamedPlaces.allocate(places, placeBytes, bytes -> keep(deviceBuffer.apply(bytes)));
            for (int i = 0; i < stagings; i++) {
                staging[i] = keep(vk.buffer(Math.max(4, stagingBytes), GpuBuffer.Use.STAGING));
                lanes[i] = teardown.add(vk.transfers.lane(), Transfers.Lane::close);
            }
        } catch (RuntimeException e) {
            teardown.close();
            throw e;
        }
        open.add(this);
    }

    private GpuBuffer keep(GpuBuffer buffer) {
        allocated += buffer.size;
        return teardown.add(buffer, GpuBuffer::close);
    }

    @Override
    public MemorySegment staging(int index) {
        return staging[index].mapped();
    }

    @Override
    public Weight weight(int slot, int place, Tensor tensor) {
        GpuBuffer buffer = places[slot][place];
        long rowBytes = StreamedPlaces.rowBytes(tensor, buffer.size);
        return new VulkanWeight(tensor.name(), tensor.type(), tensor.rows(), tensor.cols(), rowBytes,
                List.of(new VulkanWeight.Part(buffer, 0, tensor.rows())));
    }

    @Override
    public void upload(int index, int slot, long[] stagingOffsets, long[] bytes) {
        lanes[index].copy(staging[index], stagingOffsets, places[slot], zeros, bytes);
    }

    @Override
    public long allocatedBytes() {
        return allocated;
    }

    /** Frees the slots, staging and lanes; leaves the backend's set of open memory. Idempotent. */
    @Override
    public void close() {
        if (open.remove(this)) {
            teardown.close();
        }
    }
}
