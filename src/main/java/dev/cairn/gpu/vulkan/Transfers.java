package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaFlushAllocation;
import static org.lwjgl.vulkan.VK10.vkCmdCopyBuffer;
import static org.lwjgl.vulkan.VK10.vkCreateSemaphore;
import static org.lwjgl.vulkan.VK10.vkDestroySemaphore;
import static org.lwjgl.vulkan.VK10.vkEndCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkQueueSubmit;
import static org.lwjgl.vulkan.VK10.vkResetCommandBuffer;
import static org.lwjgl.vulkan.VK12.VK_SEMAPHORE_TYPE_TIMELINE;
import static org.lwjgl.vulkan.VK12.vkWaitSemaphores;

import java.nio.LongBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreTypeCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreWaitInfo;
import org.lwjgl.vulkan.VkSubmitInfo;
import org.lwjgl.vulkan.VkTimelineSemaphoreSubmitInfo;

/**
 * The one way bytes reach device memory: host-visible staging copied into device buffers on the transfer
 * queue ({@link Queues}). Each {@link Lane} (a staging buffer of an I/O thread, the backend's own staging)
 * records into command buffers of its own, so several uploads are recorded at once and only their
 * submissions take turns (a queue takes one submission at a time). Every upload signals the next value of
 * one timeline semaphore, and its lane waits for that value on the host, which frees its staging buffer.
 * The compute queue's submissions wait on the device for the uploads completed so far ({@link #completed}),
 * which orders the kernels after the copies they read across queues.
 */
final class Transfers implements AutoCloseable {

    final long timeline;
    private final VkDevice device;
    private final long allocator;
    private final VkQueue queue;
    private final Object queueLock;  // shared with compute where both use one queue
    private final int family;
    private final AtomicLong completed = new AtomicLong();
    private long signalled;          // the value the latest upload signals; under queueLock

    /** Uploads on {@code queue} of {@code family}; its submissions take {@code queueLock}, shared with compute on one queue. */
    Transfers(VkDevice device, long allocator, VkQueue queue, Object queueLock, int family) {
        this.timeline = timeline(device);
        this.device = device;
        this.allocator = allocator;
        this.queue = queue;
        this.queueLock = queueLock;
        this.family = family;
    }

    private static long timeline(VkDevice device) {
        try (MemoryStack stack = stackPush()) {
            LongBuffer created = stack.mallocLong(1);
            VkSemaphoreTypeCreateInfo type = VkSemaphoreTypeCreateInfo.calloc(stack).sType$Default()
                    .semaphoreType(VK_SEMAPHORE_TYPE_TIMELINE).initialValue(0);
            Vk.check(vkCreateSemaphore(device, VkSemaphoreCreateInfo.calloc(stack).sType$Default().pNext(type.address()),
                    null, created), "vkCreateSemaphore");
            return created.get(0);
        }
    }

    /** The timeline value every upload up to now has reached on the device: what compute waits for. */
    long completed() {
        return completed.get();
    }

    /** A lane of uploads for one thread at a time; close it before this. */
    Lane lane() {
        return new Lane();
    }

    /** Uploads from one staging buffer, one after another. */
    final class Lane implements AutoCloseable {

        private final Commands commands = new Commands(device, family);

        /**
         * Copies {@code bytes[i]} bytes at {@code fromOffsets[i]} of the host-visible {@code from} to
         * {@code toOffsets[i]} of {@code to[i]}, and returns once the device has them: {@code from} may be
         * written again.
         */
        void copy(GpuBuffer from, long[] fromOffsets, GpuBuffer[] to, long[] toOffsets, long[] bytes) {
            long end = 0;
            for (int i = 0; i < to.length; i++) {
                end = Math.max(end, fromOffsets[i] + bytes[i]);
            }
            vmaFlushAllocation(allocator, from.allocation(), 0, end); // the CPU's writes, visible to the device
            try (MemoryStack stack = stackPush()) {
                commands.begin();
                VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
                for (int i = 0; i < to.length; i++) {
                    region.get(0).srcOffset(fromOffsets[i]).dstOffset(toOffsets[i]).size(bytes[i]);
                    vkCmdCopyBuffer(commands.buffer, from.handle, to[i].handle, region);
                }
                Vk.check(vkEndCommandBuffer(commands.buffer), "vkEndCommandBuffer");
                LongBuffer value = stack.mallocLong(1);
                synchronized (queueLock) {
                    value.put(0, ++signalled);
                    VkTimelineSemaphoreSubmitInfo values = VkTimelineSemaphoreSubmitInfo.calloc(stack).sType$Default()
                            .signalSemaphoreValueCount(1).pSignalSemaphoreValues(value);
                    Vk.check(vkQueueSubmit(queue, VkSubmitInfo.calloc(stack).sType$Default().pNext(values.address())
                            .pCommandBuffers(stack.pointers(commands.buffer)).pSignalSemaphores(stack.longs(timeline)), 0),
                            "vkQueueSubmit");
                }
                Vk.check(vkWaitSemaphores(device, VkSemaphoreWaitInfo.calloc(stack).sType$Default().semaphoreCount(1)
                        .pSemaphores(stack.longs(timeline)).pValues(value), Long.MAX_VALUE), "vkWaitSemaphores");
                completed.accumulateAndGet(value.get(0), Math::max);
                Vk.check(vkResetCommandBuffer(commands.buffer, 0), "vkResetCommandBuffer");
            }
        }

        @Override
        public void close() {
            commands.close();
        }
    }

    @Override
    public void close() {
        vkDestroySemaphore(device, timeline, null);
    }
}
