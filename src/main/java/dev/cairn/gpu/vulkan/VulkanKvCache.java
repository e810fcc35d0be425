package dev.cairn.gpu.vulkan;

import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import java.util.List;
import java.util.Set;

/**
 * Keys and values in device memory, a buffer per layer for each: {@code (context, kv_dim)} F16 (pairs
 * packed in 32-bit words) or F32. One layer per buffer keeps each within a shader binding's range.
 */
final class VulkanKvCache implements KvCache {

    private final KvShape shape;
    final List<GpuBuffer> keys;   // (layers) of (context, kv_dim)
    final List<GpuBuffer> values; // (layers) of (context, kv_dim)
    private final Set<AutoCloseable> open;

    VulkanKvCache(KvShape shape, List<GpuBuffer> keys, List<GpuBuffer> values, Set<AutoCloseable> open) {
        this.shape = shape;
        this.keys = List.copyOf(keys);
        this.values = List.copyOf(values);
        this.open = open;
        open.add(this);
    }

    @Override
    public KvShape shape() {
        return shape;
    }

    @Override
    public void close() {
        if (open.remove(this)) {
            keys.forEach(GpuBuffer::close);
            values.forEach(GpuBuffer::close);
        }
    }
}
