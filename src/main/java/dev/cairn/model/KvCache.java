package dev.cairn.model;

import dev.cairn.tensor.VectorMath;
import dev.cairn.tensor.quant.GgmlType;

/**
 * Keys and values of every evaluated position, per layer, stored as F16 (the default: half the memory,
 * as llama.cpp does) or F32. F16 rows are widened into a caller's scratch row before use.
 */
public final class KvCache {

    private final GgmlType type;
    private final int kvDim;
    private final float[][] keys32;   // (layers, context * kv_dim) when F32
    private final float[][] values32;
    private final short[][] keys16;   // (layers, context * kv_dim) when F16
    private final short[][] values16;

    KvCache(GgmlType type, int layers, int contextLength, int kvDim) {
        this.type = type;
        this.kvDim = kvDim;
        int elements = Math.multiplyExact(contextLength, kvDim);
        boolean half = switch (type) {
            case F16 -> true;
            case F32 -> false;
            default -> throw new IllegalArgumentException("KV cache type must be F16 or F32, was " + type);
        };
        keys32 = half ? null : new float[layers][elements];
        values32 = half ? null : new float[layers][elements];
        keys16 = half ? new short[layers][elements] : null;
        values16 = half ? new short[layers][elements] : null;
    }

    public GgmlType type() {
        return type;
    }

    /** Bytes held for all layers and positions. */
    public long byteSize() {
        long perLayer = type == GgmlType.F16 ? 2L * keys16[0].length : 4L * keys32[0].length;
        return 2 * perLayer * (type == GgmlType.F16 ? keys16.length : keys32.length);
    }

    void store(int layer, int position, float[] k, float[] v) {
        store(layer, position, k, 0, v, 0);
    }

    /** Stores the key {@code k[kOff..kOff+kv_dim)} and value {@code v[vOff..]} of {@code position}. */
    void store(int layer, int position, float[] k, int kOff, float[] v, int vOff) {
        int at = position * kvDim;
        if (keys16 != null) {
            for (int i = 0; i < kvDim; i++) {
                keys16[layer][at + i] = Float.floatToFloat16(k[kOff + i]);
                values16[layer][at + i] = Float.floatToFloat16(v[vOff + i]);
            }
        } else {
            System.arraycopy(k, kOff, keys32[layer], at, kvDim);
            System.arraycopy(v, vOff, values32[layer], at, kvDim);
        }
    }

    /**
     * Dot product of {@code q[qOff..qOff+n)} with dimensions {@code [dimOff, dimOff+n)} of the key at
     * {@code position}; {@code scratch} (at least {@code n}) holds the widened row for F16.
     */
    float keyDot(int layer, int position, int dimOff, float[] q, int qOff, int n, float[] scratch) {
        int at = position * kvDim + dimOff;
        if (keys16 != null) {
            widen(keys16[layer], at, scratch, n);
            return VectorMath.dot(q, qOff, scratch, 0, n);
        }
        return VectorMath.dot(q, qOff, keys32[layer], at, n);
    }

    /** {@code out[outOff..outOff+n) += weight * value}, for dimensions {@code [dimOff, dimOff+n)} of the value at {@code position}. */
    void addWeightedValue(int layer, int position, int dimOff, float weight, float[] out, int outOff, int n, float[] scratch) {
        int at = position * kvDim + dimOff;
        if (values16 != null) {
            widen(values16[layer], at, scratch, n);
            VectorMath.axpy(weight, scratch, 0, out, outOff, n);
        } else {
            VectorMath.axpy(weight, values32[layer], at, out, outOff, n);
        }
    }

    private static void widen(short[] halves, int from, float[] dst, int n) {
        VectorMath.widenHalves(halves, from, dst, n);
    }
}
