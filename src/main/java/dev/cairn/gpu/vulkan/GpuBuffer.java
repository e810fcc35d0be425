package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATION_CREATE_MAPPED_BIT;
import static org.lwjgl.util.vma.Vma.VMA_MEMORY_USAGE_AUTO;
import static org.lwjgl.util.vma.Vma.VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE;
import static org.lwjgl.util.vma.Vma.vmaCreateBuffer;
import static org.lwjgl.util.vma.Vma.vmaCreateBufferWithAlignment;
import static org.lwjgl.util.vma.Vma.vmaDestroyBuffer;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
import static org.lwjgl.vulkan.VK10.VK_ERROR_OUT_OF_DEVICE_MEMORY;
import static org.lwjgl.vulkan.VK10.VK_ERROR_OUT_OF_HOST_MEMORY;
import static org.lwjgl.vulkan.VK10.VK_SHARING_MODE_CONCURRENT;
import static org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.gpu.DeviceBuffer;
import java.lang.foreign.MemorySegment;
import java.nio.LongBuffer;
import java.util.function.LongConsumer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.vulkan.VkBufferCreateInfo;

/** A Vulkan buffer with its VMA allocation: device memory for compute, or host-visible for transfers. */
final class GpuBuffer implements DeviceBuffer {

    /** What a buffer is for, which decides where VMA places it. */
    enum Use {
        /** Shader storage in the device's own memory; filled and read through transfers. */
        DEVICE,
        /** Host memory written by the CPU and copied from: uploads. */
        STAGING,
        /** Host memory copied into and read by the CPU: read-backs. */
        READBACK
    }

    /** The alignment of a staging buffer's host address: a page, what O_DIRECT reads need. */
    static final long STAGING_ALIGNMENT = 4096;

    final long handle;
    final long size;
    private final long allocator;
    private final long allocation;
    private final MemorySegment mapped; // the host view of STAGING and READBACK buffers; NULL for DEVICE
    private final LongConsumer closing; // told the handle before the buffer is destroyed
    private boolean closed;

    /**
     * A buffer of {@code size} bytes used by the queue families {@code families}: by several at once where
     * uploads have a queue family of their own (no ownership transfers needed), else exclusively.
     */
    GpuBuffer(long allocator, long size, Use use, int[] families, LongConsumer closing) {
        this.allocator = allocator;
        this.size = size;
        this.closing = closing;
        try (MemoryStack stack = stackPush()) {
            VkBufferCreateInfo info = VkBufferCreateInfo.calloc(stack).sType$Default()
                    .size(size)
                    .usage(VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT);
            if (families.length > 1) {
                info.sharingMode(VK_SHARING_MODE_CONCURRENT).pQueueFamilyIndices(stack.ints(families));
            } else {
                info.sharingMode(VK_SHARING_MODE_EXCLUSIVE);
            }
            VmaAllocationCreateInfo where = VmaAllocationCreateInfo.calloc(stack);
            switch (use) {
                case DEVICE -> where.usage(VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE);
                case STAGING -> where.usage(VMA_MEMORY_USAGE_AUTO)
                        .flags(VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT | VMA_ALLOCATION_CREATE_MAPPED_BIT);
                case READBACK -> where.usage(VMA_MEMORY_USAGE_AUTO)
                        .flags(VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT | VMA_ALLOCATION_CREATE_MAPPED_BIT);
            }
            LongBuffer buffer = stack.mallocLong(1);
            PointerBuffer allocated = stack.mallocPointer(1);
            VmaAllocationInfo allocationInfo = VmaAllocationInfo.calloc(stack);
            // Staging is read into with O_DIRECT, which wants the host address aligned to the disk's block.
            int result = use == Use.STAGING
                    ? vmaCreateBufferWithAlignment(allocator, info, where, STAGING_ALIGNMENT, buffer, allocated, allocationInfo)
                    : vmaCreateBuffer(allocator, info, where, buffer, allocated, allocationInfo);
            if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY) {
                throw new BackendUnavailableException("the Vulkan device is out of memory allocating " + size + " bytes");
            }
            Vk.check(result, "vmaCreateBuffer");
            this.handle = buffer.get(0);
            this.allocation = allocated.get(0);
            this.mapped = use == Use.DEVICE ? MemorySegment.NULL
                    : MemorySegment.ofAddress(allocationInfo.pMappedData()).reinterpret(size);
        }
    }

    /** The host view of a STAGING or READBACK buffer. */
    MemorySegment mapped() {
        return mapped;
    }

    long allocation() {
        return allocation;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closing.accept(handle);
            vmaDestroyBuffer(allocator, handle, allocation);
        }
    }
}
