package dev.cairn.tokenizer;

/**
 * The Unicode classes llama.cpp's pre-tokenizers split on. Letters, numbers and punctuation are the general
 * categories (as Python's {@code regex} module defines {@code \p{L}}, {@code \p{N}}, {@code \p{P}}, from which
 * llama.cpp generates its tables); whitespace is the Unicode {@code White_Space} property, which is what
 * llama.cpp's {@code \s} means, unlike {@link Character#isWhitespace} (no NBSP) or Java's default {@code \s}
 * (ASCII only).
 */
final class CodepointClass {

    private CodepointClass() {
    }

    static boolean isLetter(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> true;
            default -> false;
        };
    }

    static boolean isNumber(int cp) {
        return switch (Character.getType(cp)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    static boolean isPunctuation(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    static boolean isWhitespace(int cp) {
        return cp >= 0x09 && cp <= 0x0D || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || cp >= 0x2000 && cp <= 0x200A || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** Neither whitespace, letter nor number: the class {@code [^\s\p{L}\p{N}]}. */
    static boolean isOther(int cp) {
        return !isWhitespace(cp) && !isLetter(cp) && !isNumber(cp);
    }

    static boolean isNewline(int cp) {
        return cp == '\r' || cp == '\n';
    }
}
