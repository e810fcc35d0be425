package dev.cairn.model;

import dev.cairn.tensor.Tensor;

/**
 * One transformer block's weights. Matrices stay in their stored format; the small vectors (norms,
 * biases) are decoded to floats once at load. Bias and Q/K-norm fields are {@code null} when the
 * architecture has none.
 */
public record LayerWeights(
        float[] attnNorm,   // (dim)
        Tensor wq,          // (q_dim, dim)
        Tensor wk,          // (kv_dim, dim)
        Tensor wv,          // (kv_dim, dim)
        Tensor wo,          // (dim, q_dim)
        float[] bq,         // (q_dim) or null
        float[] bk,         // (kv_dim) or null
        float[] bv,         // (kv_dim) or null
        float[] qNorm,      // (head_dim) or null
        float[] kNorm,      // (head_dim) or null
        float[] ffnNorm,    // (dim)
        Tensor wGate,       // (ffn_dim, dim)
        Tensor wUp,         // (ffn_dim, dim)
        Tensor wDown) {     // (dim, ffn_dim)
}
