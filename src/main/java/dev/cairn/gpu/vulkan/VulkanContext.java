package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaCreateAllocator;
import static org.lwjgl.util.vma.Vma.vmaDestroyAllocator;
import static org.lwjgl.util.vma.Vma.vmaFlushAllocation;
import static org.lwjgl.util.vma.Vma.vmaInvalidateAllocation;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_LEVEL_PRIMARY;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
import static org.lwjgl.vulkan.VK10.VK_ERROR_FRAGMENTED_POOL;
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
import static org.lwjgl.vulkan.VK10.VK_QUEUE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;
import static org.lwjgl.vulkan.VK10.vkAllocateCommandBuffers;
import static org.lwjgl.vulkan.VK10.vkAllocateDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkBeginCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkCmdBindDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkCmdBindPipeline;
import static org.lwjgl.vulkan.VK10.vkCmdCopyBuffer;
import static org.lwjgl.vulkan.VK10.vkCmdDispatch;
import static org.lwjgl.vulkan.VK10.vkCmdPipelineBarrier;
import static org.lwjgl.vulkan.VK10.vkCmdPushConstants;
import static org.lwjgl.vulkan.VK10.vkCmdUpdateBuffer;
import static org.lwjgl.vulkan.VK10.vkCreateCommandPool;
import static org.lwjgl.vulkan.VK10.vkCreateDescriptorPool;
import static org.lwjgl.vulkan.VK10.vkCreateDevice;
import static org.lwjgl.vulkan.VK10.vkCreateFence;
import static org.lwjgl.vulkan.VK10.vkDestroyCommandPool;
import static org.lwjgl.vulkan.VK10.vkDestroyDescriptorPool;
import static org.lwjgl.vulkan.VK10.vkDestroyDevice;
import static org.lwjgl.vulkan.VK10.vkDestroyFence;
import static org.lwjgl.vulkan.VK10.vkDestroyInstance;
import static org.lwjgl.vulkan.VK10.vkDeviceWaitIdle;
import static org.lwjgl.vulkan.VK10.vkEndCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkGetDeviceQueue;
import static org.lwjgl.vulkan.VK10.vkGetPhysicalDeviceQueueFamilyProperties;
import static org.lwjgl.vulkan.VK10.vkQueueSubmit;
import static org.lwjgl.vulkan.VK10.vkResetCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkResetDescriptorPool;
import static org.lwjgl.vulkan.VK10.vkResetFences;
import static org.lwjgl.vulkan.VK10.vkUpdateDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkWaitForFences;
import static org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2;
import static org.lwjgl.vulkan.VK11.VK_ERROR_OUT_OF_POOL_MEMORY;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.gpu.LayerClock;
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
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorBufferInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkDeviceCreateInfo;
import org.lwjgl.vulkan.VkDeviceQueueCreateInfo;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkMemoryBarrier;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkQueryPoolCreateInfo;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkQueueFamilyProperties;
import org.lwjgl.vulkan.VkSubmitInfo;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

/**
 * One Vulkan device opened for compute: a queue, VMA, and one command buffer that records operations
 * until {@link #submit} runs them and waits. Dispatches allocate their descriptor sets from a pool that is
 * reset after every submit (a full pool submits early). Not thread-safe: the backend runs one pass at a time.
 */
final class VulkanContext implements AutoCloseable {

    private static final int SETS_PER_POOL = 2048;
    private static final int MAX_BINDINGS = 4;
    private static final int QUERIES = 512; // timestamps per submission; a pass of 256 layers fits

    final DeviceInfo info;
    final long allocator;
    private final VkInstance instance;
    private final VkDevice device;
    private final VkQueue queue;
    private final long commandPool;
    private final VkCommandBuffer commands;
    private final long fence;
    private final long descriptorPool;
    private final Map<String, Kernel> kernels = new HashMap<>();
    private final boolean useSubgroups;
    private final long queryPool;       // timestamps of one submission; 0 where the queue cannot time
    private final double nanosPerTick;
    private final long[] ticks = new long[QUERIES];
    private final Object queueLock = new Object(); // vkQueueSubmit from the compute thread and from uploading threads
    private final Object transferLock = new Object();
    private final long transferPool;                // uploads record here, never in the compute command buffer
    private final VkCommandBuffer transferCommands;
    private final long transferFence;
    private int queriesUsed;
    private LayerClock clock;
    private boolean recording;

    /**
     * Opens device {@code index} of {@link VulkanDevices#list()}; its kernels reduce with subgroup operations
     * where the device has them and {@code subgroups} allows (tests also run the shared-memory fallback).
     */
    VulkanContext(int index, boolean subgroups) {
        instance = VulkanInstance.create();
        try (MemoryStack stack = stackPush()) {
            List<VkPhysicalDevice> physical = VulkanDevices.physicalDevices(instance);
            if (index < 0 || index >= physical.size()) {
                throw new BackendUnavailableException("there is no Vulkan device " + index + ": this machine has "
                        + physical.size() + " (see cairn devices)");
            }
            VkPhysicalDevice chosen = physical.get(index);
            info = VulkanDevices.describe(index, chosen);
            useSubgroups = subgroups && info.subgroupArithmetic();
            int family = computeQueueFamily(chosen, stack);
            boolean timestamps = timestampBits(chosen, family, stack) > 0;

            VkDeviceQueueCreateInfo.Buffer queues = VkDeviceQueueCreateInfo.calloc(1, stack);
            queues.get(0).sType$Default().queueFamilyIndex(family).pQueuePriorities(stack.floats(1f));
            PointerBuffer handle = stack.mallocPointer(1);
            VkDeviceCreateInfo deviceInfo = VkDeviceCreateInfo.calloc(stack).sType$Default().pQueueCreateInfos(queues);
            Vk.check(vkCreateDevice(chosen, deviceInfo, null, handle), "vkCreateDevice");
            device = new VkDevice(handle.get(0), chosen, deviceInfo, VK_API_VERSION_1_2);
            vkGetDeviceQueue(device, family, 0, handle);
            queue = new VkQueue(handle.get(0), device);

            Vk.check(vmaCreateAllocator(VmaAllocatorCreateInfo.calloc(stack).physicalDevice(chosen).device(device)
                    .instance(instance).vulkanApiVersion(VK_API_VERSION_1_2)
                    .pVulkanFunctions(VmaVulkanFunctions.calloc(stack).set(instance, device)), handle), "vmaCreateAllocator");
            allocator = handle.get(0);

            commandPool = commandPool(family, stack);
            commands = commandBuffer(commandPool, stack);
            fence = fence(stack);
            transferPool = commandPool(family, stack);
            transferCommands = commandBuffer(transferPool, stack);
            transferFence = fence(stack);

            LongBuffer longs = stack.mallocLong(1);
            VkDescriptorPoolSize.Buffer sizes = VkDescriptorPoolSize.calloc(1, stack);
            sizes.get(0).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(SETS_PER_POOL * MAX_BINDINGS);
            Vk.check(vkCreateDescriptorPool(device, VkDescriptorPoolCreateInfo.calloc(stack).sType$Default()
                    .maxSets(SETS_PER_POOL).pPoolSizes(sizes), null, longs), "vkCreateDescriptorPool");
            descriptorPool = longs.get(0);

            nanosPerTick = VulkanDevices.timestampPeriod(chosen);
            if (timestamps) {
                Vk.check(vkCreateQueryPool(device, VkQueryPoolCreateInfo.calloc(stack).sType$Default()
                        .queryType(VK_QUERY_TYPE_TIMESTAMP).queryCount(QUERIES), null, longs), "vkCreateQueryPool");
                queryPool = longs.get(0);
            } else {
                queryPool = 0;
            }
        }
    }

    private long commandPool(int family, MemoryStack stack) {
        LongBuffer pool = stack.mallocLong(1);
        Vk.check(vkCreateCommandPool(device, VkCommandPoolCreateInfo.calloc(stack).sType$Default()
                .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT).queueFamilyIndex(family), null, pool),
                "vkCreateCommandPool");
        return pool.get(0);
    }

    private VkCommandBuffer commandBuffer(long pool, MemoryStack stack) {
        PointerBuffer handle = stack.mallocPointer(1);
        Vk.check(vkAllocateCommandBuffers(device, VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
                .commandPool(pool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1), handle),
                "vkAllocateCommandBuffers");
        return new VkCommandBuffer(handle.get(0), device);
    }

    private long fence(MemoryStack stack) {
        LongBuffer created = stack.mallocLong(1);
        Vk.check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, created), "vkCreateFence");
        return created.get(0);
    }

    private static int timestampBits(VkPhysicalDevice device, int family, MemoryStack stack) {
        int[] count = new int[1];
        vkGetPhysicalDeviceQueueFamilyProperties(device, count, null);
        VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.calloc(count[0], stack);
        vkGetPhysicalDeviceQueueFamilyProperties(device, count, families);
        return families.get(family).timestampValidBits();
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
        vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queryPool, queriesUsed);
        return queriesUsed++;
    }

    private static int computeQueueFamily(VkPhysicalDevice device, MemoryStack stack) {
        int[] count = new int[1];
        vkGetPhysicalDeviceQueueFamilyProperties(device, count, null);
        VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.calloc(count[0], stack);
        vkGetPhysicalDeviceQueueFamilyProperties(device, count, families);
        for (int i = 0; i < count[0]; i++) {
            if ((families.get(i).queueFlags() & VK_QUEUE_COMPUTE_BIT) != 0) {
                return i;
            }
        }
        throw new BackendUnavailableException("the Vulkan device has no compute queue: Cairn needs one");
    }

    /** The kernel {@code name} compiled for {@code type}, with {@code bindings} storage buffers; built once. */
    Kernel kernel(String name, GgmlType type, int bindings) {
        return kernels.computeIfAbsent(name + "/" + type, key -> new Kernel(device, name, type, useSubgroups, bindings));
    }

    GpuBuffer buffer(long size, GpuBuffer.Use use) {
        return new GpuBuffer(allocator, size, use);
    }

    /**
     * Records a dispatch of {@code groupsX x groupsY} workgroups of {@code kernel} on {@code buffers} (bound in
     * order) with {@code params} as its push constants.
     */
    void dispatch(Kernel kernel, long[] buffers, ByteBuffer params, int groupsX, int groupsY) {
        begin();
        try (MemoryStack stack = stackPush()) {
            long set = descriptorSet(kernel, stack);
            VkDescriptorBufferInfo.Buffer infos = VkDescriptorBufferInfo.calloc(buffers.length, stack);
            VkWriteDescriptorSet.Buffer writes = VkWriteDescriptorSet.calloc(buffers.length, stack);
            for (int b = 0; b < buffers.length; b++) {
                infos.get(b).buffer(buffers[b]).offset(0).range(VK_WHOLE_SIZE);
                writes.get(b).sType$Default().dstSet(set).dstBinding(b).descriptorCount(1)
                        .descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
                        .pBufferInfo(VkDescriptorBufferInfo.create(infos.address(b), 1));
            }
            vkUpdateDescriptorSets(device, writes, null);
            vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.pipeline);
            vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.pipelineLayout, 0, stack.longs(set), null);
            vkCmdPushConstants(commands, kernel.pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, params);
            vkCmdDispatch(commands, groupsX, groupsY, 1);
        }
    }

    private long descriptorSet(Kernel kernel, MemoryStack stack) {
        LongBuffer set = stack.mallocLong(1);
        VkDescriptorSetAllocateInfo allocate = VkDescriptorSetAllocateInfo.calloc(stack).sType$Default()
                .descriptorPool(descriptorPool).pSetLayouts(stack.longs(kernel.setLayout));
        int result = vkAllocateDescriptorSets(device, allocate, set);
        if (result == VK_ERROR_OUT_OF_POOL_MEMORY || result == VK_ERROR_FRAGMENTED_POOL) {
            submit(); // runs what was recorded and frees the pool
            begin();
            result = vkAllocateDescriptorSets(device, allocate, set);
        }
        Vk.check(result, "vkAllocateDescriptorSets");
        return set.get(0);
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
            vkCmdPipelineBarrier(commands, stages, stages, 0, barrier, null, null);
        }
    }

    /** Records a copy of {@code bytes} bytes between buffers. */
    void copy(GpuBuffer from, long fromOffset, GpuBuffer to, long toOffset, long bytes) {
        begin();
        try (MemoryStack stack = stackPush()) {
            VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
            region.get(0).srcOffset(fromOffset).dstOffset(toOffset).size(bytes);
            vkCmdCopyBuffer(commands, from.handle, to.handle, region);
        }
    }

    /** Records a write of {@code data} (at most 65536 bytes, a multiple of 4) into {@code to}. */
    void update(GpuBuffer to, long offset, ByteBuffer data) {
        begin();
        vkCmdUpdateBuffer(commands, to.handle, offset, data);
    }

    /**
     * Copies {@code bytes[i]} bytes at {@code fromOffsets[i]} of {@code from} to the start of {@code to[i]}, in a
     * submission of its own, and waits for its fence: callable from any thread while the compute thread
     * records and submits (one transfer at a time; the queue itself is shared under a lock).
     */
    void transfer(GpuBuffer from, long[] fromOffsets, GpuBuffer[] to, long[] bytes) {
        synchronized (transferLock) {
            try (MemoryStack stack = stackPush()) {
                Vk.check(vkBeginCommandBuffer(transferCommands, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                        .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
                VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
                for (int i = 0; i < to.length; i++) {
                    region.get(0).srcOffset(fromOffsets[i]).dstOffset(0).size(bytes[i]);
                    vkCmdCopyBuffer(transferCommands, from.handle, to[i].handle, region);
                }
                Vk.check(vkEndCommandBuffer(transferCommands), "vkEndCommandBuffer");
                synchronized (queueLock) {
                    Vk.check(vkQueueSubmit(queue, VkSubmitInfo.calloc(stack).sType$Default()
                            .pCommandBuffers(stack.pointers(transferCommands)), transferFence), "vkQueueSubmit");
                }
                Vk.check(vkWaitForFences(device, transferFence, true, Long.MAX_VALUE), "vkWaitForFences");
                Vk.check(vkResetFences(device, transferFence), "vkResetFences");
                Vk.check(vkResetCommandBuffer(transferCommands, 0), "vkResetCommandBuffer");
            }
        }
    }

    /** Makes the CPU's writes to a mapped STAGING buffer visible to the device. */
    void flushHostWrites(GpuBuffer staging, long bytes) {
        vmaFlushAllocation(allocator, staging.allocation(), 0, bytes);
    }

    /** Makes the device's writes to a READBACK buffer visible to the CPU (after {@link #submit}). */
    void invalidateForHost(GpuBuffer readback, long bytes) {
        vmaInvalidateAllocation(allocator, readback.allocation(), 0, bytes);
    }

    private void begin() {
        if (!recording) {
            try (MemoryStack stack = stackPush()) {
                Vk.check(vkBeginCommandBuffer(commands, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                        .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
            }
            recording = true;
            if (queryPool != 0) {
                vkCmdResetQueryPool(commands, queryPool, 0, QUERIES);
            }
        }
    }

    /** Runs what was recorded and waits for it; a no-op when nothing was. */
    void submit() {
        if (!recording) {
            return;
        }
        recording = false;
        Vk.check(vkEndCommandBuffer(commands), "vkEndCommandBuffer");
        try (MemoryStack stack = stackPush()) {
            synchronized (queueLock) {
                Vk.check(vkQueueSubmit(queue, VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(stack.pointers(commands)),
                        fence), "vkQueueSubmit");
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
        Vk.check(vkResetCommandBuffer(commands, 0), "vkResetCommandBuffer");
        Vk.check(vkResetDescriptorPool(device, descriptorPool, 0), "vkResetDescriptorPool");
    }

    @Override
    public void close() {
        if (recording) {
            submit();
        }
        vkDeviceWaitIdle(device);
        kernels.values().forEach(Kernel::close);
        if (queryPool != 0) {
            vkDestroyQueryPool(device, queryPool, null);
        }
        vkDestroyDescriptorPool(device, descriptorPool, null);
        vkDestroyFence(device, fence, null);
        vkDestroyFence(device, transferFence, null);
        vkDestroyCommandPool(device, commandPool, null);
        vkDestroyCommandPool(device, transferPool, null);
        vmaDestroyAllocator(allocator);
        vkDestroyDevice(device, null);
        vkDestroyInstance(instance, null);
    }
}
