package dev.cairn.model;

import static dev.cairn.model.LayerTensor.ATTN_K;
import static dev.cairn.model.LayerTensor.ATTN_K_BIAS;
import static dev.cairn.model.LayerTensor.ATTN_K_NORM;
import static dev.cairn.model.LayerTensor.ATTN_NORM;
import static dev.cairn.model.LayerTensor.ATTN_OUTPUT;
import static dev.cairn.model.LayerTensor.ATTN_Q;
import static dev.cairn.model.LayerTensor.ATTN_Q_BIAS;
import static dev.cairn.model.LayerTensor.ATTN_Q_NORM;
import static dev.cairn.model.LayerTensor.ATTN_V;
import static dev.cairn.model.LayerTensor.ATTN_V_BIAS;
import static dev.cairn.model.LayerTensor.FFN_DOWN;
import static dev.cairn.model.LayerTensor.FFN_GATE;
import static dev.cairn.model.LayerTensor.FFN_NORM;
import static dev.cairn.model.LayerTensor.FFN_UP;

import dev.cairn.backend.RopeType;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Llama-family architectures Cairn runs. They share one forward pass and differ only in the tensors
 * of a block and the rotary layout, so each is a row here rather than a class of its own.
 */
public enum Architecture {
    /** Llama 2/3, Mistral, TinyLlama, SmolLM: rotary on adjacent pairs. */
    LLAMA("llama", RopeType.ADJACENT_PAIRS),
    /** Qwen2: biases on Q/K/V, rotary on the two halves of each head (NEOX). */
    QWEN2("qwen2", RopeType.HALVES, ATTN_Q_BIAS, ATTN_K_BIAS, ATTN_V_BIAS),
    /** Qwen3: RMS norm on each head of Q and K before rotary, NEOX rotary, no biases. */
    QWEN3("qwen3", RopeType.HALVES, ATTN_Q_NORM, ATTN_K_NORM);

    private final String ggufName;
    private final RopeType ropeType;
    private final Set<LayerTensor> layerTensors;

    Architecture(String ggufName, RopeType ropeType, LayerTensor... extraTensors) {
        this.ggufName = ggufName;
        this.ropeType = ropeType;
        Set<LayerTensor> tensors = EnumSet.of(ATTN_NORM, ATTN_Q, ATTN_K, ATTN_V, ATTN_OUTPUT, FFN_NORM, FFN_GATE,
                FFN_UP, FFN_DOWN); // the Llama block: two norms, four attention matrices, three FFN matrices
        tensors.addAll(Arrays.asList(extraTensors));
        this.layerTensors = Collections.unmodifiableSet(tensors);
    }

    /** The value of {@code general.architecture}, also the prefix of the architecture's metadata keys. */
    public String ggufName() {
        return ggufName;
    }

    public RopeType ropeType() {
        return ropeType;
    }

    /** The tensors of one block, in role order: the Llama block plus this architecture's own. */
    public Set<LayerTensor> layerTensors() {
        return layerTensors;
    }

    public boolean hasQkvBias() {
        return layerTensors().contains(ATTN_Q_BIAS);
    }

    public boolean hasQkNorm() {
        return layerTensors().contains(ATTN_Q_NORM);
    }

    public static Optional<Architecture> fromGguf(String name) {
        return Arrays.stream(values()).filter(a -> a.ggufName.equals(name)).findFirst();
    }

    public static String supportedNames() {
        return String.join(", ", Arrays.stream(values()).map(Architecture::ggufName).toList());
    }
}
