package dev.cairn.model.convert;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.tensor.quant.GgmlType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which type each weight matrix gets: one type for all ("pure"), or llama.cpp's K-quant mixes, which
 * spend more bits on the classifier and on {@code attn_v}/{@code ffn_down} of selected layers.
 * Norms and other 1-D tensors always stay F32.
 */
public record QuantMix(String name, GgmlType base, GgmlType sensitive, GgmlType output, int fileType) {

    private static final QuantMix[] MIXES = {
        new QuantMix("Q4_K_M", GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.Q6_K, 15),
        new QuantMix("Q5_K_M", GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.Q6_K, 17),
    };

    /** {@code llama_ftype} values of the pure types, as written to {@code general.file_type}. */
    private static int fileTypeOf(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q4_1 -> 3;
            case Q8_0 -> 7;
            case Q5_0 -> 8;
            case Q5_1 -> 9;
            case Q2_K -> 10;
            case Q3_K -> 11;
            case Q4_K -> 14;
            case Q5_K -> 16;
            case Q6_K -> 18;
            case IQ4_NL -> 25;
            case IQ4_XS -> 30;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException(type + " is not a weight type");
        };
    }

    /** A mix name ({@code Q4_K_M}) or a GGML type name ({@code Q4_0}, {@code F16}). */
    public static Optional<QuantMix> byName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        Optional<QuantMix> mix = Arrays.stream(MIXES).filter(m -> m.name.equals(upper)).findFirst();
        if (mix.isPresent()) {
            return mix;
        }
        return Arrays.stream(GgmlType.values()).filter(t -> t.name().equals(upper)).findFirst()
                .filter(t -> t != GgmlType.Q8_1 && t != GgmlType.Q8_K)
                .map(t -> new QuantMix(t.name(), t, t, t, fileTypeOf(t)));
    }

    public static String names() {
        return "Q4_K_M, Q5_K_M, " + String.join(", ", Arrays.stream(GgmlType.values())
                .filter(t -> t != GgmlType.Q8_1 && t != GgmlType.Q8_K).map(Enum::name).toList());
    }

    /** The type for tensor {@code name} (a template from {@link GgufKeys}) of layer {@code layer} of {@code layers}. */
    public GgmlType typeFor(String template, int layer, int layers) {
        if (template.equals(GgufKeys.OUTPUT)) {
            return output;
        }
        boolean sensitiveTensor = template.equals(GgufKeys.ATTN_V) || template.equals(GgufKeys.FFN_DOWN);
        return sensitiveTensor && usesMoreBits(layer, layers) ? sensitive : base;
    }

    /** llama.cpp's choice of layers that get more bits: the first and last eighth, and every third between. */
    public static boolean usesMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }
}
