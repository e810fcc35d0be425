package dev.cairn.backend.cpu;

import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import dev.cairn.tensor.VectorMath;
import dev.cairn.tensor.quant.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;

/**
 * Keys and values off the Java heap, so a long context needs no large heap. Each KV head's positions lie
 * one after another, so attention widens a run of positions of one head into floats with one call (each
 * access to native memory pays a bounds and liveness check: per position, that cost a few percent of a
 * decoded token), F16 and F32 alike: one arithmetic path for both types.
 */
final class CpuKvCache implements KvCache {

    private final KvShape shape;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment keys;   // (layers, kv_heads, context, head_dim) of F16 or F32, native byte order
    private final MemorySegment values; // (layers, kv_heads, context, head_dim)
    private final Set<CpuKvCache> open;
    private boolean closed;

    /** A cache that joins {@code open} (the backend's, which closes what is left) until it is closed. */
    CpuKvCache(KvShape shape, Set<CpuKvCache> open) {
        this.shape = shape;
        this.keys = arena.allocate(shape.bytes() / 2, 64);
        this.values = arena.allocate(shape.bytes() / 2, 64);
        this.open = open;
        open.add(this);
    }

    @Override
    public KvShape shape() {
        return shape;
    }

    /** Byte offset of {@code position} of KV head {@code kvHead} in {@code layer}. */
    private long offset(int layer, int kvHead, int position) {
        return (((long) layer * shape.kvHeads() + kvHead) * shape.context() + position) * shape.headDim()
                * shape.elementBytes();
    }

    /** Stores the key {@code k[kOff..kOff+kv_dim)} and value {@code v[vOff..]} of {@code position}. */
    void store(int layer, int position, float[] k, int kOff, float[] v, int vOff) {
        int headDim = shape.headDim();
        for (int h = 0; h < shape.kvHeads(); h++) {
            long at = offset(layer, h, position);
            int from = h * headDim;
            if (shape.type() == GgmlType.F16) {
                for (int i = 0; i < headDim; i++) {
                    keys.set(ValueLayout.JAVA_SHORT, at + 2L * i, Float.floatToFloat16(k[kOff + from + i]));
                    values.set(ValueLayout.JAVA_SHORT, at + 2L * i, Float.floatToFloat16(v[vOff + from + i]));
                }
            } else {
                MemorySegment.copy(k, kOff + from, keys, ValueLayout.JAVA_FLOAT, at, headDim);
                MemorySegment.copy(v, vOff + from, values, ValueLayout.JAVA_FLOAT, at, headDim);
            }
        }
    }

    /** The keys of positions {@code [from, from + count)} of KV head {@code kvHead}, as floats: {@code (count, head_dim)}. */
    void keys(int layer, int kvHead, int from, int count, float[] rows) {
        widen(keys, offset(layer, kvHead, from), rows, count * shape.headDim());
    }

    /** The values of positions {@code [from, from + count)} of KV head {@code kvHead}, as floats. */
    void values(int layer, int kvHead, int from, int count, float[] rows) {
        widen(values, offset(layer, kvHead, from), rows, count * shape.headDim());
    }

    private void widen(MemorySegment from, long at, float[] rows, int n) {
        if (shape.type() == GgmlType.F16) {
            VectorMath.widenHalves(from, at, rows, n);
        } else {
            MemorySegment.copy(from, ValueLayout.JAVA_FLOAT, at, rows, 0, n);
        }
    }

    /** Frees the memory now; the cache cannot be used afterwards. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
            open.remove(this);
        }
    }
}
