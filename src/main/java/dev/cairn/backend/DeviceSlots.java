package dev.cairn.backend;

import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Device memory a streaming layer cache fills: {@code slots} slots, each with one place per streamed tensor
 * of a layer, and a few host-visible staging buffers (one per upload in flight) that a layer is read into
 * before it crosses the bus. The forward pass computes on a slot's weights in device memory; an upload overwrites them only
 * after the work recorded on them has run ({@link Backend#finish}).
 */
public interface DeviceSlots extends AutoCloseable {

    /** Staging buffer {@code index}: host memory a layer is read into, the caller's until its {@link #upload} returns. */
    MemorySegment staging(int index);

    /**
     * {@code tensor} (its shape and type; its bytes are not read) as it lies at place {@code place} of
     * {@code slot} once uploaded: the weight the forward pass computes with.
     */
    Weight weight(int slot, int place, Tensor tensor);

    /**
     * Copies {@code bytes[p]} bytes at {@code stagingOffsets[p]} of staging buffer {@code staging} into place
     * {@code p} of {@code slot}, for every place, and waits until the device has them. Safe from several threads.
     */
    void upload(int staging, int slot, long[] stagingOffsets, long[] bytes);

    /** Device and staging bytes held. */
    long allocatedBytes();

    @Override
    void close();
}
