package dev.cairn.tensor.quant;


/** The {@link QuantFormat} of each storage type. */
public final class QuantFormats {

    private static final QuantFormat F32 = new F32Format();
    private static final QuantFormat F16 = new F16Format();
    private static final QuantFormat BF16 = new BF16Format();
    private static final QuantFormat Q8_0 = new Q8_0Format();
    private static final QuantFormat Q4_0 = new Q4_0Format();
    private static final QuantFormat Q4_1 = new Q4_1Format();
    private static final QuantFormat Q5_0 = new Q5_0Format();
    private static final QuantFormat Q5_1 = new Q5_1Format();
    private static final QuantFormat Q2_K = new Q2KFormat();
    private static final QuantFormat Q3_K = new Q3KFormat();
    private static final QuantFormat Q4_K = new Q4KFormat();
    private static final QuantFormat Q5_K = new Q5KFormat();
    private static final QuantFormat Q6_K = new Q6KFormat();
    private static final QuantFormat IQ4_NL = new IQ4NLFormat();
    private static final QuantFormat IQ4_XS = new IQ4XSFormat();

    private QuantFormats() {
    }

    /**
     * The format of {@code type}.
     *
     * @throws IllegalArgumentException for Q8_1 and Q8_K, which ggml uses only for activations inside its
     *     own kernels and which never hold weights in a model file
     */
    public static QuantFormat of(GgmlType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case Q8_0 -> Q8_0;
            case Q4_0 -> Q4_0;
            case Q4_1 -> Q4_1;
            case Q5_0 -> Q5_0;
            case Q5_1 -> Q5_1;
            case Q2_K -> Q2_K;
            case Q3_K -> Q3_K;
            case Q4_K -> Q4_K;
            case Q5_K -> Q5_K;
            case Q6_K -> Q6_K;
            case IQ4_NL -> IQ4_NL;
            case IQ4_XS -> IQ4_XS;
            case Q8_1, Q8_K -> throw new IllegalArgumentException(
                    "tensor type " + type + " is not supported: it is an activation format, not a storage format");
        };
    }
}
