package dev.cairn.backend;

import dev.cairn.tensor.quant.GgmlType;

/**
 * The shape of a KV cache: keys and values {@code (layers, context, kv_heads * head_dim)} each, stored as F16
 * (half the memory, as llama.cpp does) or F32.
 */
public record KvShape(GgmlType type, int layers, int context, int kvHeads, int headDim) {

    public KvShape {
        if (type != GgmlType.F16 && type != GgmlType.F32) {
            throw new IllegalArgumentException("the KV cache is F16 or F32, not " + type);
        }
        if (layers < 1 || context < 1 || kvHeads < 1 || headDim < 1) {
            throw new IllegalArgumentException("a KV cache needs at least one layer, position and head");
        }
    }

    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Bytes per stored element. */
    public int elementBytes() {
        return type == GgmlType.F16 ? 2 : 4;
    }

    /** What every backend allocates for this shape: keys and values at the type's size. */
    public long bytes() {
        return 2L * layers * context * kvDim() * elementBytes();
    }
}
