package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
import static org.lwjgl.vulkan.VK10.VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
import static org.lwjgl.vulkan.VK10.VK_ERROR_FRAGMENTED_POOL;
import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;
import static org.lwjgl.vulkan.VK10.vkAllocateDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkCreateDescriptorPool;
import static org.lwjgl.vulkan.VK10.vkDestroyDescriptorPool;
import static org.lwjgl.vulkan.VK10.vkFreeDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkUpdateDescriptorSets;
import static org.lwjgl.vulkan.VK11.VK_ERROR_OUT_OF_POOL_MEMORY;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkDescriptorBufferInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

/**
 * Descriptor sets kept per kernel and buffers: a set is written once and bound by every dispatch of that
 * kernel on those buffers (a decoded token runs the same dispatches as the one before), and freed when one
 * of its buffers is ({@link #forget}), before Vulkan can hand the buffer's handle to a new buffer. Pools are
 * added as sets outgrow them. Thread-safe: buffers are freed on other threads than the one that dispatches.
 */
final class DescriptorSets implements AutoCloseable {

    private static final int SETS_PER_POOL = 1024;
    private static final int MAX_BINDINGS = 4;

    private record Key(Kernel kernel, List<Long> buffers) {
    }

    private record Held(long set, long pool) {
    }

    private final VkDevice device;
    private final Map<Key, Held> sets = new HashMap<>();
    private final Map<Long, List<Key>> byBuffer = new HashMap<>();
    private final List<Long> pools = new ArrayList<>();
    private boolean closed;

    DescriptorSets(VkDevice device) {
        this.device = device;
    }

    /** The set binding {@code buffers} in order to {@code kernel}'s bindings 0..n-1. */
    synchronized long of(Kernel kernel, long[] buffers) {
        List<Long> handles = new ArrayList<>(buffers.length);
        for (long buffer : buffers) {
            handles.add(buffer);
        }
        Key key = new Key(kernel, handles);
        Held held = sets.get(key);
        if (held == null) {
            held = allocate(kernel);
            write(held.set(), buffers);
            sets.put(key, held);
            for (long buffer : buffers) {
                byBuffer.computeIfAbsent(buffer, b -> new ArrayList<>()).add(key);
            }
        }
        return held.set();
    }

    /** Sets held now. */
    synchronized int held() {
        return sets.size();
    }

    /** Buffers some held set binds: a buffer that outlives its sets (a weight, the KV cache) leaves none behind. */
    synchronized int buffersTracked() {
        return byBuffer.size();
    }

    /**
     * Frees the sets that bind {@code buffer}, which is about to be destroyed (no recorded work uses it), and
     * forgets them for the other buffers they bind: those (weights, the KV cache) outlive the activations of
     * many sessions, and would otherwise collect a stale entry per set.
     */
    synchronized void forget(long buffer) {
        List<Key> keys = byBuffer.remove(buffer);
        if (keys == null || closed) {
            return;
        }
        try (MemoryStack stack = stackPush()) {
            for (Key key : keys) {
                Held held = sets.remove(key);
                if (held != null) {
                    Vk.check(vkFreeDescriptorSets(device, held.pool(), stack.longs(held.set())), "vkFreeDescriptorSets");
                }
                for (long other : key.buffers()) {
                    List<Key> bound = byBuffer.get(other);
                    if (bound != null && bound.removeIf(key::equals) && bound.isEmpty()) {
                        byBuffer.remove(other);
                    }
                }
            }
        }
    }

    private Held allocate(Kernel kernel) {
        try (MemoryStack stack = stackPush()) {
            LongBuffer set = stack.mallocLong(1);
            for (long pool : pools) {
                int result = vkAllocateDescriptorSets(device, allocateInfo(pool, kernel, stack), set);
                if (result != VK_ERROR_OUT_OF_POOL_MEMORY && result != VK_ERROR_FRAGMENTED_POOL) {
                    Vk.check(result, "vkAllocateDescriptorSets");
                    return new Held(set.get(0), pool);
                }
            }
            long pool = newPool(stack);
            Vk.check(vkAllocateDescriptorSets(device, allocateInfo(pool, kernel, stack), set), "vkAllocateDescriptorSets");
            return new Held(set.get(0), pool);
        }
    }

    private static VkDescriptorSetAllocateInfo allocateInfo(long pool, Kernel kernel, MemoryStack stack) {
        return VkDescriptorSetAllocateInfo.calloc(stack).sType$Default().descriptorPool(pool)
                .pSetLayouts(stack.longs(kernel.setLayout));
    }

    private long newPool(MemoryStack stack) {
        VkDescriptorPoolSize.Buffer sizes = VkDescriptorPoolSize.calloc(1, stack);
        sizes.get(0).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(SETS_PER_POOL * MAX_BINDINGS);
        LongBuffer created = stack.mallocLong(1);
        Vk.check(vkCreateDescriptorPool(device, VkDescriptorPoolCreateInfo.calloc(stack).sType$Default()
                .flags(VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT).maxSets(SETS_PER_POOL).pPoolSizes(sizes), null, created),
                "vkCreateDescriptorPool");
        pools.add(created.get(0));
        return created.get(0);
    }

    private void write(long set, long[] buffers) {
        try (MemoryStack stack = stackPush()) {
            VkDescriptorBufferInfo.Buffer infos = VkDescriptorBufferInfo.calloc(buffers.length, stack);
            VkWriteDescriptorSet.Buffer writes = VkWriteDescriptorSet.calloc(buffers.length, stack);
            for (int b = 0; b < buffers.length; b++) {
                infos.get(b).buffer(buffers[b]).offset(0).range(VK_WHOLE_SIZE);
                writes.get(b).sType$Default().dstSet(set).dstBinding(b).descriptorCount(1)
                        .descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
                        .pBufferInfo(VkDescriptorBufferInfo.create(infos.address(b), 1));
            }
            vkUpdateDescriptorSets(device, writes, null);
        }
    }

    /** Destroys the pools, and with them every set; later {@link #forget}s have nothing to free. */
    @Override
    public synchronized void close() {
        closed = true;
        pools.forEach(pool -> vkDestroyDescriptorPool(device, pool, null));
        pools.clear();
        sets.clear();
        byBuffer.clear();
    }
}
