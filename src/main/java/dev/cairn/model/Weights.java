package dev.cairn.model;

import dev.cairn.tensor.Tensor;
import java.util.List;

/**
 * All weights of a model; immutable and shared by every session.
 *
 * @param output     the classifier; the same tensor as {@code tokenEmbedding} when the model ties them
 * @param ropeFreqFactors per-frequency divisors of Llama 3.1 style RoPE scaling, or {@code null}
 */
public record Weights(
        Tensor tokenEmbedding,   // (vocab, dim)
        List<LayerWeights> layers,
        float[] outputNorm,      // (dim)
        Tensor output,           // (vocab, dim)
        float[] ropeFreqFactors) { // (rope_dim / 2) or null

    public boolean tiedOutput() {
        return output == tokenEmbedding;
    }
}
