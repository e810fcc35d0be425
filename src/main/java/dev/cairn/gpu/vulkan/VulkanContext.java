package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaCreateAllocator;
import static org.lwjgl.util.vma.Vma.vmaDestroyAllocator;
import static org.lwjgl.util.vma.Vma.vmaInvalidateAllocation;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_BIND_POINT_COMPUTE;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_RESULT_64_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_RESULT_WAIT_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_TYPE_TIMESTAMP;
import static org.lwjgl.vulkan.VK10.vkCmdResetQueryPool;
import static org.lwjgl.vulkan.VK10.vkCmdWriteTimestamp;
import static org.lwjgl.vulkan.VK10.vkCreateQueryPool;
import static org.lwjgl.vulkan.VK10.vkDestroyQueryPool;
import static org.lwjgl.vulkan.VK10.vkGetQueryPoolResults;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TRANSFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.vkCmdBindDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkCmdBindPipeline;
import static org.lwjgl.vulkan.VK10.vkCmdCopyBuffer;
import static org.lwjgl.vulkan.VK10.vkCmdDispatch;
import static org.lwjgl.vulkan.VK10.vkCmdPipelineBarrier;
import static org.lwjgl.vulkan.VK10.vkCmdPushConstants;
import static org.lwjgl.vulkan.VK10.vkCmdUpdateBuffer;
import static org.lwjgl.vulkan.VK10.vkCreateDevice;
import static org.lwjgl.vulkan.VK10.vkCreateFence;
import static org.lwjgl.vulkan.VK10.vkDestroyDevice;
import static org.lwjgl.vulkan.VK10.vkDestroyFence;
import static org.lwjgl.vulkan.VK10.vkDestroyInstance;
import static org.lwjgl.vulkan.VK10.vkDeviceWaitIdle;
import static org.lwjgl.vulkan.VK10.vkEndCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkGetDeviceQueue;
import static org.lwjgl.vulkan.VK10.vkQueueSubmit;
import static org.lwjgl.vulkan.VK10.vkResetCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkResetFences;
import static org.lwjgl.vulkan.VK10.vkWaitForFences;
import static org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.gpu.LayerClock;
import dev.cairn.gpu.Teardown;
import dev.cairn.tensor.quant.GgmlType;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocatorCreateInfo;
import org.lwjgl.util.vma.VmaVulkanFunctions;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkDeviceCreateInfo;
import org.lwjgl.vulkan.VkDeviceQueueCreateInfo;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkMemoryBarrier;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceTimelineSemaphoreFeatures;
import org.lwjgl.vulkan.VkTimelineSemaphoreSubmitInfo;
import org.lwjgl.vulkan.VkQueryPoolCreateInfo;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkSubmitInfo;

/**
 * One Vulkan device opened for compute: a compute queue with one command buffer that records operations
 * until {@link #submit} runs them and waits, a transfer queue for uploads ({@link Transfers}, one path for
 * every byte that reaches the device), VMA, and descriptor sets kept per kernel and buffers
 * ({@link DescriptorSets}). Recording is not thread-safe: the backend runs one pass at a time; uploads come
 * from any thread.
 */
final class VulkanContext implements AutoCloseable {

    private static final int QUERIES = 512; // timestamps per submission; a pass of 256 layers fits

    final DeviceInfo info;
    final long allocator;
    final Transfers transfers;
    private final VkDevice device;
    private final VkQueue queue;
    private final Commands commands;
    private final long fence;
    final DescriptorSets sets;
    private final int[] families;       // the queue families buffers are used by
    private final Map<String, Kernel> kernels = new HashMap<>();
    private final boolean useSubgroups;
    private final long queryPool;       // timestamps of one submission; 0 where the queue cannot time
    private final double nanosPerTick;
    private final long[] ticks = new long[QUERIES];
    private final Object queueLock = new Object(); // vkQueueSubmit on the compute queue, which uploads may share
    private final Teardown teardown = new Teardown();
    private int queriesUsed;
    private LayerClock clock;
    private boolean recording;

    /**
     * Opens device {@code index} of {@link VulkanDevices#list()}; its kernels reduce with subgroup operations
     * where the device has them and {@code subgroups} allows (tests also run the shared-memory fallback).
     * What was created before a step fails is destroyed again.
     */
    VulkanContext(int index, boolean subgroups) {
        VkInstance instance = teardown.add(VulkanInstance.create(), created -> vkDestroyInstance(created, null));
        try (MemoryStack stack = stackPush()) {
            List<VkPhysicalDevice> physical = VulkanDevices.physicalDevices(instance);
            if (index < 0 || index >= physical.size()) {
                throw new BackendUnavailableException("there is no Vulkan device " + index + ": this machine has "
                        + physical.size() + " (see cairn devices)");
            }
            VkPhysicalDevice chosen = physical.get(index);
            info = VulkanDevices.describe(index, chosen);
            useSubgroups = subgroups && info.subgroupArithmetic();
            Queues queues = Queues.of(chosen);
            families = queues.transferFamily() == queues.computeFamily()
                    ? new int[] {queues.computeFamily()} : new int[] {queues.computeFamily(), queues.transferFamily()};

            device = teardown.add(createDevice(chosen, queues, stack), created -> vkDestroyDevice(created, null));
            PointerBuffer handle = stack.mallocPointer(1);
            vkGetDeviceQueue(device, queues.computeFamily(), 0, handle);
            queue = new VkQueue(handle.get(0), device);

            Vk.check(vmaCreateAllocator(VmaAllocatorCreateInfo.calloc(stack).physicalDevice(chosen).device(device)
                    .instance(instance).vulkanApiVersion(VK_API_VERSION_1_2)
                    .pVulkanFunctions(VmaVulkanFunctions.calloc(stack).set(instance, device)), handle), "vmaCreateAllocator");
            allocator = teardown.add(handle.get(0), created -> vmaDestroyAllocator(created));

            vkGetDeviceQueue(device, queues.transferFamily(), queues.transferIndex(), handle);
            VkQueue transferQueue = new VkQueue(handle.get(0), device);
            transfers = teardown.add(new Transfers(device, allocator, transferQueue,
                    queues.separateTransfer() ? new Object() : queueLock, queues.transferFamily()), Transfers::close);
            commands = teardown.add(new Commands(device, queues.computeFamily()), Commands::close);
            LongBuffer longs = stack.mallocLong(1);
            Vk.check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, longs), "vkCreateFence");
            fence = teardown.add(longs.get(0), created -> vkDestroyFence(device, created, null));
            sets = teardown.add(new DescriptorSets(device), DescriptorSets::close);
            teardown.add(() -> kernels.values().forEach(Kernel::close));

            nanosPerTick = VulkanDevices.timestampPeriod(chosen);
            if (queues.timestampBits() > 0) {
                Vk.check(vkCreateQueryPool(device, VkQueryPoolCreateInfo.calloc(stack).sType$Default()
                        .queryType(VK_QUERY_TYPE_TIMESTAMP).queryCount(QUERIES), null, longs), "vkCreateQueryPool");
                queryPool = teardown.add(longs.get(0), created -> vkDestroyQueryPool(device, created, null));
            } else {
                queryPool = 0;
            }
            teardown.add(() -> vkDeviceWaitIdle(device)); // the first step of close: nothing runs while the rest goes
        } catch (RuntimeException | Error e) {
            teardown.close();
            throw e;
        }
    }

    /** The device with a compute queue and a transfer queue, and timeline semaphores (core in Vulkan 1.2). */
    private static VkDevice createDevice(VkPhysicalDevice chosen, Queues queues, MemoryStack stack) {
        boolean twoFamilies = queues.transferFamily() != queues.computeFamily();
        VkDeviceQueueCreateInfo.Buffer queueInfos = VkDeviceQueueCreateInfo.calloc(twoFamilies ? 2 : 1, stack);
        queueInfos.get(0).sType$Default().queueFamilyIndex(queues.computeFamily())
                .pQueuePriorities(queues.transferIndex() == 1 && !twoFamilies ? stack.floats(1f, 1f) : stack.floats(1f));
        if (twoFamilies) {
            queueInfos.get(1).sType$Default().queueFamilyIndex(queues.transferFamily()).pQueuePriorities(stack.floats(1f));
        }
        VkPhysicalDeviceTimelineSemaphoreFeatures timeline = VkPhysicalDeviceTimelineSemaphoreFeatures.calloc(stack)
                .sType$Default().timelineSemaphore(true);
        VkDeviceCreateInfo deviceInfo = VkDeviceCreateInfo.calloc(stack).sType$Default().pNext(timeline.address())
                .pQueueCreateInfos(queueInfos);
        PointerBuffer handle = stack.mallocPointer(1);
        Vk.check(vkCreateDevice(chosen, deviceInfo, null, handle), "vkCreateDevice");
        return new VkDevice(handle.get(0), chosen, deviceInfo, VK_API_VERSION_1_2);
    }

    /** Times layers into {@code layerClock} from now on; false where this queue cannot write timestamps. */
    boolean timeLayers(LayerClock layerClock) {
        if (queryPool == 0) {
            return false;
        }
        clock = layerClock;
        return true;
    }

    /** Records a timestamp marking where layer {@code layer}'s work begins (when layers are timed). */
    void layerBegins(int layer) {
        if (clock != null) {
            clock.begin(layer, timestamp());
        }
    }

    /** Records a timestamp marking where the current layer's work ends. */
    void layerEnds() {
        if (clock != null) {
            clock.end(timestamp());
        }
    }

    /** A timestamp written once all work recorded before it is done; a full pool submits first. */
    private int timestamp() {
        if (queriesUsed == QUERIES) {
            submit();
        }
        begin();
        vkCmdWriteTimestamp(commands.buffer, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queryPool, queriesUsed);
        return queriesUsed++;
    }

    /** The kernel {@code name} compiled for {@code type}, with {@code bindings} storage buffers; built once. */
    Kernel kernel(String name, GgmlType type, int bindings) {
        return kernels.computeIfAbsent(name + "/" + type, key -> new Kernel(device, name, type, useSubgroups, bindings));
    }

    GpuBuffer buffer(long size, GpuBuffer.Use use) {
        return new GpuBuffer(allocator, size, use, families, sets::forget);
    }

    /**
     * Records a dispatch of {@code groupsX x groupsY} workgroups of {@code kernel} on {@code buffers} (bound in
     * order) with {@code params} as its push constants.
     */
    void dispatch(Kernel kernel, long[] buffers, ByteBuffer params, int groupsX, int groupsY) {
        begin();
        try (MemoryStack stack = stackPush()) {
            vkCmdBindPipeline(commands.buffer, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.pipeline);
            vkCmdBindDescriptorSets(commands.buffer, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.pipelineLayout, 0,
                    stack.longs(sets.of(kernel, buffers)), null);
            vkCmdPushConstants(commands.buffer, kernel.pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, params);
            vkCmdDispatch(commands.buffer, groupsX, groupsY, 1);
        }
    }

    /** Makes everything recorded so far visible to what is recorded next (shaders and transfers alike). */
    void barrier() {
        begin();
        try (MemoryStack stack = stackPush()) {
            VkMemoryBarrier.Buffer barrier = VkMemoryBarrier.calloc(1, stack);
            barrier.get(0).sType$Default()
                    .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT)
                    .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT
                            | VK_ACCESS_TRANSFER_WRITE_BIT);
            int stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
            vkCmdPipelineBarrier(commands.buffer, stages, stages, 0, barrier, null, null);
        }
    }

    /** Records a copy of {@code bytes} bytes between buffers. */
    void copy(GpuBuffer from, long fromOffset, GpuBuffer to, long toOffset, long bytes) {
        begin();
        try (MemoryStack stack = stackPush()) {
            VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
            region.get(0).srcOffset(fromOffset).dstOffset(toOffset).size(bytes);
            vkCmdCopyBuffer(commands.buffer, from.handle, to.handle, region);
        }
    }

    /** Records a write of {@code data} (at most 65536 bytes, a multiple of 4) into {@code to}. */
    void update(GpuBuffer to, long offset, ByteBuffer data) {
        begin();
        vkCmdUpdateBuffer(commands.buffer, to.handle, offset, data);
    }

    /** Makes the device's writes to a READBACK buffer visible to the CPU (after {@link #submit}). */
    void invalidateForHost(GpuBuffer readback, long bytes) {
        vmaInvalidateAllocation(allocator, readback.allocation(), 0, bytes);
    }

    private void begin() {
        if (!recording) {
            commands.begin();
            recording = true;
            if (queryPool != 0) {
                vkCmdResetQueryPool(commands.buffer, queryPool, 0, QUERIES);
            }
        }
    }

    /**
     * Runs what was recorded, after the uploads completed so far (the kernels may read what they copied),
     * and waits for it; a no-op when nothing was recorded.
     */
    void submit() {
        if (!recording) {
            return;
        }
        recording = false;
        Vk.check(vkEndCommandBuffer(commands.buffer), "vkEndCommandBuffer");
        try (MemoryStack stack = stackPush()) {
            VkSubmitInfo submit = VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(stack.pointers(commands.buffer));
            long uploaded = transfers.completed();
            if (uploaded > 0) {
                submit.pNext(VkTimelineSemaphoreSubmitInfo.calloc(stack).sType$Default().waitSemaphoreValueCount(1)
                                .pWaitSemaphoreValues(stack.longs(uploaded)).address())
                        .waitSemaphoreCount(1).pWaitSemaphores(stack.longs(transfers.timeline))
                        .pWaitDstStageMask(stack.ints(VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT));
            }
            synchronized (queueLock) {
                Vk.check(vkQueueSubmit(queue, submit, fence), "vkQueueSubmit");
            }
            Vk.check(vkWaitForFences(device, fence, true, Long.MAX_VALUE), "vkWaitForFences");
            long finished = System.nanoTime();
            Vk.check(vkResetFences(device, fence), "vkResetFences");
            if (queriesUsed > 0) {
                Vk.check(vkGetQueryPoolResults(device, queryPool, 0, queriesUsed, ticks, Long.BYTES,
                        VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT), "vkGetQueryPoolResults");
                clock.resolved(ticks, queriesUsed, nanosPerTick, finished);
                queriesUsed = 0;
            }
        }
        Vk.check(vkResetCommandBuffer(commands.buffer, 0), "vkResetCommandBuffer");
    }

    @Override
    public void close() {
        if (recording) {
            submit();
        }
        teardown.close();
    }
}
