package dev.cairn.gpu.opencl;

import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import java.util.List;
import java.util.Set;

/** Keys and values in device memory, a buffer per layer for each: {@code (context, kv_dim)} F16 or F32. */
final class OpenClKvCache implements KvCache {

    private final KvShape shape;
    final List<ClBuffer> keys;   // (layers) of (context, kv_dim)
    final List<ClBuffer> values; // (layers) of (context, kv_dim)
    private final Set<AutoCloseable> open;

    OpenClKvCache(KvShape shape, List<ClBuffer> keys, List<ClBuffer> values, Set<AutoCloseable> open) {
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
            keys.forEach(ClBuffer::close);
            values.forEach(ClBuffer::close);
        }
    }
}
