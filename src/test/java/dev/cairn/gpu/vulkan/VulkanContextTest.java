package dev.cairn.gpu.vulkan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.tensor.quant.GgmlType;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The device plumbing under the backend, on the Vulkan device of the GPU tests (lavapipe in CI): uploads
 * from several lanes at once, descriptor sets kept per kernel and buffers and freed with their buffers, and
 * where uploads run.
 */
class VulkanContextTest {

    private static final int BYTES = 4096;

    @Test
    void uploadsFromTwoThreadsAtOnceLandWhereTheyWereSentAndComputeSeesThem() {
        try (VulkanContext vk = new VulkanContext(TestDevice.index(), true)) {
            GpuBuffer[] targets = new GpuBuffer[2];
            GpuBuffer[] stagings = new GpuBuffer[2];
            CompletableFuture<?>[] uploads = new CompletableFuture<?>[2];
            for (int lane = 0; lane < 2; lane++) {
                targets[lane] = vk.buffer(BYTES, GpuBuffer.Use.DEVICE);
                stagings[lane] = vk.buffer(BYTES, GpuBuffer.Use.STAGING);
                int value = lane + 1;
                GpuBuffer staging = stagings[lane];
                GpuBuffer target = targets[lane];
                uploads[lane] = CompletableFuture.runAsync(() -> {
                    try (Transfers.Lane own = vk.transfers.lane()) {
                        for (int round = 0; round < 20; round++) {
                            staging.mapped().fill((byte) (value * 10 + round % 2));
                            own.copy(staging, new long[] {0}, new GpuBuffer[] {target}, new long[] {0}, new long[] {BYTES});
                        }
                    }
                });
            }
            CompletableFuture.allOf(uploads).join();
            assertTrue(vk.transfers.completed() >= 40, "every upload signalled the timeline: " + vk.transfers.completed());
            GpuBuffer readback = vk.buffer(2L * BYTES, GpuBuffer.Use.READBACK);
            vk.copy(targets[0], 0, readback, 0, BYTES);
            vk.copy(targets[1], 0, readback, BYTES, BYTES);
            vk.submit();
            vk.invalidateForHost(readback, 2L * BYTES);
            byte[] back = readback.mapped().toArray(ValueLayout.JAVA_BYTE);
            byte[] expected = new byte[2 * BYTES];
            java.util.Arrays.fill(expected, 0, BYTES, (byte) 11);
            java.util.Arrays.fill(expected, BYTES, 2 * BYTES, (byte) 21);
            assertArrayEquals(expected, back);
            for (GpuBuffer buffer : new GpuBuffer[] {readback, targets[0], targets[1], stagings[0], stagings[1]}) {
                buffer.close();
            }
        }
    }

    @Test
    void aKernelOnTheSameBuffersBindsOneSetWhichGoesWithItsBuffer() {
        try (VulkanContext vk = new VulkanContext(TestDevice.index(), true)) {
            Kernel add = vk.kernel("add", GgmlType.F32, 2);
            GpuBuffer a = vk.buffer(256, GpuBuffer.Use.DEVICE);
            GpuBuffer b = vk.buffer(256, GpuBuffer.Use.DEVICE);
            GpuBuffer c = vk.buffer(256, GpuBuffer.Use.DEVICE);
            long ab = vk.sets.of(add, new long[] {a.handle, b.handle});
            assertEquals(ab, vk.sets.of(add, new long[] {a.handle, b.handle}), "the same kernel and buffers: the same set");
            assertNotEquals(ab, vk.sets.of(add, new long[] {a.handle, c.handle}));
            assertEquals(2, vk.sets.held());
            b.close();
            assertEquals(1, vk.sets.held(), "the set that bound the freed buffer is freed");
            c.close();
            assertEquals(0, vk.sets.held());
            assertEquals(0, vk.sets.buffersTracked(), "the buffer that outlived its sets keeps no entry for them");
            a.close();
        }
    }

    @Test
    void whereUploadsRunIsSaidForEveryKindOfDevice() {
        Queues single = new Queues(0, 64, 0, 0);
        assertFalse(single.separateTransfer());
        assertTrue(single.transferDescription().contains("one queue: uploads and kernels take turns"),
                single.transferDescription());
        Queues copyEngine = new Queues(0, 64, 2, 0);
        assertTrue(copyEngine.separateTransfer());
        assertEquals("queue family 2 beside compute (family 0)", copyEngine.transferDescription());
        assertTrue(new Queues(0, 64, 0, 1).separateTransfer());
        String here = VulkanDevices.list().get(TestDevice.index()).transferQueue();
        assertFalse(here.isBlank(), "the device under test says where its uploads run");
    }
}
