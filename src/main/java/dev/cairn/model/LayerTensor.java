package dev.cairn.model;

import dev.cairn.gguf.GgufKeys;
import java.util.function.ToIntFunction;

/**
 * A tensor of a transformer block, by its role in the layer recipe: its GGUF name and its shape, which
 * follows from the model's config. Matrices are what layer streaming reads from disk for every pass;
 * vectors (norm weights, biases) are small and stay resident.
 */
public enum LayerTensor {
    ATTN_NORM(GgufKeys.ATTN_NORM, null, ModelConfig::dim),
    ATTN_Q(GgufKeys.ATTN_Q, ModelConfig::qDim, ModelConfig::dim),
    ATTN_K(GgufKeys.ATTN_K, ModelConfig::kvDim, ModelConfig::dim),
    ATTN_V(GgufKeys.ATTN_V, ModelConfig::kvDim, ModelConfig::dim),
    ATTN_Q_BIAS(GgufKeys.ATTN_Q_BIAS, null, ModelConfig::qDim),
    ATTN_K_BIAS(GgufKeys.ATTN_K_BIAS, null, ModelConfig::kvDim),
    ATTN_V_BIAS(GgufKeys.ATTN_V_BIAS, null, ModelConfig::kvDim),
    ATTN_Q_NORM(GgufKeys.ATTN_Q_NORM, null, ModelConfig::headDim),
    ATTN_K_NORM(GgufKeys.ATTN_K_NORM, null, ModelConfig::headDim),
    ATTN_OUTPUT(GgufKeys.ATTN_OUTPUT, ModelConfig::dim, ModelConfig::qDim),
    FFN_NORM(GgufKeys.FFN_NORM, null, ModelConfig::dim),
    FFN_GATE(GgufKeys.FFN_GATE, ModelConfig::ffnDim, ModelConfig::dim),
    FFN_UP(GgufKeys.FFN_UP, ModelConfig::ffnDim, ModelConfig::dim),
    FFN_DOWN(GgufKeys.FFN_DOWN, ModelConfig::dim, ModelConfig::ffnDim);

    private final String nameTemplate;
    private final ToIntFunction<ModelConfig> rows; // null for a vector
    private final ToIntFunction<ModelConfig> cols;

    LayerTensor(String nameTemplate, ToIntFunction<ModelConfig> rows, ToIntFunction<ModelConfig> cols) {
        this.nameTemplate = nameTemplate;
        this.rows = rows;
        this.cols = cols;
    }

    /** The tensor's name in layer {@code layer}, e.g. {@code blk.3.ffn_up.weight}. */
    public String ggufName(int layer) {
        return GgufKeys.layer(layer, nameTemplate);
    }

    /** Whether this is a matrix, read from disk for every pass when layers stream. */
    public boolean streams() {
        return rows != null;
    }

    /** Rows under {@code config}: 1 for a vector. */
    public int rows(ModelConfig config) {
        return rows == null ? 1 : rows.applyAsInt(config);
    }

    /** Elements per row under {@code config}. */
    public int cols(ModelConfig config) {
        return cols.applyAsInt(config);
    }
}
