package dev.cairn.gpu.vulkan;

/**
 * Measures how fast host memory crosses the bus into a device's memory: host-visible staging copied into a
 * device buffer on the transfer queue, the path streamed layers take ({@link Transfers}). One copy warms the
 * path up, then {@value #COPIES} copies of {@value #COPY_BYTES} bytes are timed.
 */
public final class UploadProbe {

    static final long COPY_BYTES = 16L << 20;
    static final int COPIES = 4;

    private UploadProbe() {
    }

    /** Bytes per second uploaded to Vulkan device {@code index}; opens the device for the measurement. */
    public static double bytesPerSecond(int index) {
        try (VulkanContext vk = new VulkanContext(index, true);
                GpuBuffer staging = vk.buffer(COPY_BYTES, GpuBuffer.Use.STAGING);
                GpuBuffer target = vk.buffer(COPY_BYTES, GpuBuffer.Use.DEVICE);
                Transfers.Lane lane = vk.transfers.lane()) {
            staging.mapped().fill((byte) 1);
            long[] zero = {0};
            long[] bytes = {COPY_BYTES};
            GpuBuffer[] to = {target};
            lane.copy(staging, zero, to, zero, bytes);
            long start = System.nanoTime();
            for (int i = 0; i < COPIES; i++) {
                lane.copy(staging, zero, to, zero, bytes);
            }
            long nanos = Math.max(1, System.nanoTime() - start);
            return COPIES * COPY_BYTES * 1e9 / nanos;
        }
    }
}
