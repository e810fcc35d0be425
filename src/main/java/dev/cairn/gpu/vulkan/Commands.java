package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_LEVEL_PRIMARY;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.vkAllocateCommandBuffers;
import static org.lwjgl.vulkan.VK10.vkBeginCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkCreateCommandPool;
import static org.lwjgl.vulkan.VK10.vkDestroyCommandPool;

import java.nio.LongBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkDevice;

/**
 * A command pool with the one command buffer recorded from it. A pool is used by one thread at a time,
 * so every thread that records (the compute thread, each upload lane) has its own.
 */
final class Commands implements AutoCloseable {

    final VkCommandBuffer buffer;
    private final VkDevice device;
    private final long pool;

    Commands(VkDevice device, int family) {
        this.device = device;
        try (MemoryStack stack = stackPush()) {
            LongBuffer created = stack.mallocLong(1);
            Vk.check(vkCreateCommandPool(device, VkCommandPoolCreateInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT).queueFamilyIndex(family), null, created),
                    "vkCreateCommandPool");
            pool = created.get(0);
            PointerBuffer handle = stack.mallocPointer(1);
            int result = vkAllocateCommandBuffers(device, VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
                    .commandPool(pool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1), handle);
            if (result != 0) {
                vkDestroyCommandPool(device, pool, null); // nothing else holds it yet
            }
            Vk.check(result, "vkAllocateCommandBuffers");
            buffer = new VkCommandBuffer(handle.get(0), device);
        }
    }

    /** Starts recording a buffer that is submitted once. */
    void begin() {
        try (MemoryStack stack = stackPush()) {
            Vk.check(vkBeginCommandBuffer(buffer, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
        }
    }

    @Override
    public void close() {
        vkDestroyCommandPool(device, pool, null); // frees its command buffer
    }
}
