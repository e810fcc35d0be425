package dev.cairn.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Llama-family architectures Cairn runs. They share one forward pass and differ only in these
 * switches, so each is a row here rather than a class of its own.
 */
public enum Architecture {
    /** Llama 2/3, Mistral, TinyLlama, SmolLM: rotary on adjacent pairs. */
    LLAMA("llama", RopeType.ADJACENT_PAIRS, false, false),
    /** Qwen2: biases on Q/K/V, rotary on the two halves of each head (NEOX). */
    QWEN2("qwen2", RopeType.HALVES, true, false),
    /** Qwen3: RMS norm on each head of Q and K before rotary, NEOX rotary, no biases. */
    QWEN3("qwen3", RopeType.HALVES, false, true);

    private final String ggufName;
    private final RopeType ropeType;
    private final boolean qkvBias;
    private final boolean qkNorm;

    Architecture(String ggufName, RopeType ropeType, boolean qkvBias, boolean qkNorm) {
        this.ggufName = ggufName;
        this.ropeType = ropeType;
        this.qkvBias = qkvBias;
        this.qkNorm = qkNorm;
    }

    /** The value of {@code general.architecture}, also the prefix of the architecture's metadata keys. */
    public String ggufName() {
        return ggufName;
    }

    public RopeType ropeType() {
        return ropeType;
    }

    public boolean hasQkvBias() {
        return qkvBias;
    }

    public boolean hasQkNorm() {
        return qkNorm;
    }

    public static Optional<Architecture> fromGguf(String name) {
        return Arrays.stream(values()).filter(a -> a.ggufName.equals(name)).findFirst();
    }

    public static String supportedNames() {
        return String.join(", ", Arrays.stream(values()).map(Architecture::ggufName).toList());
    }
}
