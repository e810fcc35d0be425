package dev.cairn.gpu;

import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Keys and values in device memory, a buffer per layer for each: {@code (context, kv_dim)} of the shape's
 * type (F16 or F32). One layer per buffer keeps each within what one kernel binding or allocation may span.
 */
public class DeviceKvCache<B extends DeviceBuffer> implements KvCache {

    private final KvShape shape;
    public final List<B> keys;   // (layers) of (context, kv_dim)
    public final List<B> values; // (layers) of (context, kv_dim)
    private final Set<AutoCloseable> open;

    /** Allocates every layer's keys and values with {@code buffer} (bytes), freeing what it got if one fails. */
    protected DeviceKvCache(KvShape shape, LongFunction<B> buffer, Set<AutoCloseable> open) {
        this.shape = shape;
        long layerBytes = (long) shape.context() * shape.kvDim() * shape.elementBytes();
        List<B> k = new ArrayList<>();
        List<B> v = new ArrayList<>();
        try {
            for (int l = 0; l < shape.layers(); l++) {
                k.add(buffer.apply(layerBytes));
                v.add(buffer.apply(layerBytes));
            }
        } catch (RuntimeException e) {
            k.forEach(B::close);
            v.forEach(B::close);
            throw e;
        }
        this.keys = List.copyOf(k);
        this.values = List.copyOf(v);
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
            keys.forEach(B::close);
            values.forEach(B::close);
        }
    }
}
