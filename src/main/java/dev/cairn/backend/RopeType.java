package dev.cairn.backend;

/** Which pairs of a head's dimensions rotary embedding rotates together. */
public enum RopeType {
    /** Dimensions (2i, 2i+1): GGML's "normal" rope, used by Llama (its GGUF Q/K weights are permuted for it). */
    ADJACENT_PAIRS,
    /** Dimensions (i, i + d/2): GPT-NeoX style, used by Qwen. */
    HALVES
}
