package dev.cairn.download;

import dev.cairn.tensor.quant.GgmlType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quantization a GGUF file's name announces ({@code Q4_K_M}, {@code IQ2_XXS}, {@code BF16}...), as
 * the people who publish GGUF files name them. Only a hint until the header arrives; it gives the bits
 * per weight the size estimate needs, and tells early whether Cairn has kernels for the main type.
 *
 * @param label the name as published, upper case
 * @param type  the main tensor type, empty when Cairn has no kernels for it
 */
public record Quantization(String label, Optional<GgmlType> type) {

    private static final Pattern LABEL = Pattern.compile(
            "(?<![A-Z0-9])(I?Q[1-8]_(?:K(?:_[SML]|_XL)?|[01]|NL|XXS|XS|S|M|L)|TQ[12]_0|MXFP4|BF16|F16|F32)(?![A-Z0-9])");

    /** The last quantization label in {@code fileName}, if any. */
    public static Optional<Quantization> fromFileName(String fileName) {
        Matcher m = LABEL.matcher(fileName.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'));
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found).map(label -> new Quantization(label, mainType(label)));
    }

    /** {@code Q4_K_M} is mostly {@code Q4_K}; {@code IQ4_NL} is itself; types without kernels here are empty. */
    static Optional<GgmlType> mainType(String label) {
        String base = label.matches("Q[2-8]_K_(S|M|L|XL)") ? label.substring(0, 4) : label;
        try {
            GgmlType type = GgmlType.valueOf(base);
            return type == GgmlType.Q8_1 || type == GgmlType.Q8_K ? Optional.empty() : Optional.of(type);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean supported() {
        return type.isPresent();
    }

    /** Bits per weight of the main type ({@code Q4_K}: 144 bytes per 256 weights = 4.5). */
    public double bitsPerWeight() {
        return type.map(t -> 8.0 * t.typeSize() / t.blockSize()).orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return label;
    }
}
