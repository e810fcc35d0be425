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
 * Keys and values off the Java heap, so a long context needs no large heap. A row (one position of one
 * layer, {@code kv_dim} elements) is widened into a caller's float row before it is used, F16 and F32
 * alike: one arithmetic path for both types.
 */
final class CpuKvCache implements KvCache {

    private final KvShape shape;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment keys;   // (layers, context, kv_dim) of F16 or F32, native byte order
    private final MemorySegment values; // (layers, context, kv_dim)
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

    /** Byte offset of dimension {@code dim} of {@code position} in {@code layer}. */
    private long offset(int layer, int position, int dim) {
        return (((long) layer * shape.context() + position) * shape.kvDim() + dim) * shape.elementBytes();
    }

    /** Stores the key {@code k[kOff..kOff+kv_dim)} and value {@code v[vOff..]} of {@code position}. */
    void store(int layer, int position, float[] k, int kOff, float[] v, int vOff) {
        long at = offset(layer, position, 0);
        int n = shape.kvDim();
        if (shape.type() == GgmlType.F16) {
            for (int i = 0; i < n; i++) {
                keys.set(ValueLayout.JAVA_SHORT, at + 2L * i, Float.floatToFloat16(k[kOff + i]));
                values.set(ValueLayout.JAVA_SHORT, at + 2L * i, Float.floatToFloat16(v[vOff + i]));
            }
        } else {
            MemorySegment.copy(k, kOff, keys, ValueLayout.JAVA_FLOAT, at, n);
            MemorySegment.copy(v, vOff, values, ValueLayout.JAVA_FLOAT, at, n);
        }
    }

    /** Dimensions {@code [dim, dim + n)} of the key at {@code position}, as floats into {@code row}. */
    void key(int layer, int position, int dim, float[] row, int n) {
        widen(keys, offset(layer, position, dim), row, n);
    }

    /** Dimensions {@code [dim, dim + n)} of the value at {@code position}, as floats into {@code row}. */
    void value(int layer, int position, int dim, float[] row, int n) {
        widen(values, offset(layer, position, dim), row, n);
    }

    private void widen(MemorySegment from, long at, float[] row, int n) {
        if (shape.type() == GgmlType.F16) {
            VectorMath.widenHalves(from, at, row, n);
        } else {
            MemorySegment.copy(from, ValueLayout.JAVA_FLOAT, at, row, 0, n);
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
