package dev.cairn.gpu.vulkan;

import dev.cairn.backend.KvShape;
import dev.cairn.gpu.DeviceKvCache;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Keys and values in device memory, a buffer per layer for each: {@code (context, kv_dim)} F16 (pairs
 * packed in 32-bit words) or F32. One layer per buffer keeps each within a shader binding's range.
 */
final class VulkanKvCache extends DeviceKvCache<GpuBuffer> {

    VulkanKvCache(KvShape shape, LongFunction<GpuBuffer> buffer, Set<AutoCloseable> open) {
        super(shape, buffer, open);
    }
}
