package dev.cairn.model;

/**
 * Shape and numerics of a model, read only from GGUF metadata.
 *
 * @param headDim       per-head width of Q and K (and V); {@code dim / heads} unless the file says otherwise
 * @param ropeDim       how many leading dimensions of each head rotary embedding rotates
 * @param ropeScale     linear RoPE scaling: positions are multiplied by this ({@code 1 / factor})
 */
public record ModelConfig(
        Architecture architecture,
        int dim,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int ffnDim,
        int vocabSize,
        int contextLength,
        float rmsEps,
        double ropeBase,
        int ropeDim,
        double ropeScale) {

    public ModelConfig {
        require(dim > 0 && layers > 0 && heads > 0 && kvHeads > 0 && headDim > 0 && ffnDim > 0 && vocabSize > 0,
                "dimensions must be positive");
        require(heads % kvHeads == 0, "head count " + heads + " is not a multiple of KV head count " + kvHeads);
        require(ropeDim > 0 && ropeDim <= headDim && ropeDim % 2 == 0,
                "rope dimension " + ropeDim + " must be even and at most the head size " + headDim);
        require(contextLength > 0, "context length must be positive");
        require(ropeBase > 0 && ropeScale > 0, "rope base and scale must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("unsupported model configuration: " + message);
        }
    }

    /** Width of all query heads together. */
    public int qDim() {
        return heads * headDim;
    }

    /** Width of all key (or value) heads together. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Query heads that share one KV head (grouped-query attention). */
    public int groupSize() {
        return heads / kvHeads;
    }
}
