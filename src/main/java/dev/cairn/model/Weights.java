package dev.cairn.model;

import dev.cairn.tensor.Tensor;

/**
 * The weights outside the layers, in host memory (the file mapping, or copies of it); immutable and shared
 * by every session. The layers' own tensors are described by the {@link LayerManifest}.
 *
 * @param output          the classifier; the same tensor as {@code tokenEmbedding} when the model ties them
 * @param ropeFreqFactors per-frequency divisors of Llama 3.1 style RoPE scaling, or {@code null}
 */
public record Weights(
        Tensor tokenEmbedding,     // (vocab, dim)
        Tensor outputNorm,         // (dim)
        Tensor output,             // (vocab, dim)
        float[] ropeFreqFactors) { // (rope_dim / 2) or null

    public boolean tiedOutput() {
        return output == tokenEmbedding;
    }
}
