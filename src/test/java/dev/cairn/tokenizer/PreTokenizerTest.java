package dev.cairn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written pre-tokenizers against the regexes llama.cpp names, run by java.util.regex with llama.cpp's
 * meaning of {@code \s} (Unicode White_Space), on random text mixing every class the patterns distinguish.
 */
class PreTokenizerTest {

    private static final String WS = "\\t\\n\\x0B\\f\\r\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
    private static final String S = "[" + WS + "]";
    private static final String NOT_S = "[^" + WS + "]";
    private static final String OTHER = "[^" + WS + "\\p{L}\\p{N}]";

    private static final String LLAMA3 = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?" + OTHER + "+[\\r\\n]*|" + S + "*[\\r\\n]+|"
            + S + "+(?!" + NOT_S + ")|" + S + "+";
    private static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?" + OTHER + "+|"
            + S + "+(?!" + NOT_S + ")";

    /** Letters of several scripts and cases, every kind of number, whitespace inside and outside ASCII, marks, symbols, controls, an emoji. */
    private static final int[] ALPHABET = {'a', 'Z', 's', 'S', 't', 'l', 'L', 'r', 'e', 'E', 'v', 'm', 'd', 'D', 'é', 'ß',
        'Ж', '中', 'ǅ', '0', '7', '٣', 'Ⅻ', '½', ' ', ' ', ' ', '\t', '\n', '\r', 0x0B, 0xA0, 0x3000, 0x85, 0x2028,
        '\'', '\'', '!', '.', ',', '$', '+', '<', '|', '~', '-', 0x301, 0x200B, 0x1F, 0xE000, 0x1F600, 0x1D7CE};

    @Test
    void llama3MatchesItsRegex() {
        assertSameSplits(new Llama3PreTokenizer(3), List.of(LLAMA3));
    }

    @Test
    void qwen2MatchesItsRegex() {
        assertSameSplits(new Llama3PreTokenizer(1), List.of(LLAMA3.replace("\\p{N}{1,3}", "\\p{N}")));
    }

    @Test
    void gpt2MatchesItsRegex() {
        assertSameSplits(BpePreset.GPT2.preTokenizer(), List.of(GPT2));
    }

    @Test
    void defaultAppliesItsFourRegexesInTurn() {
        assertSameSplits(BpePreset.DEFAULT.preTokenizer(),
                List.of("[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", "[0-9][0-9][0-9]"));
    }

    @Test
    void starcoderSplitsDigitsThenAppliesGpt2() {
        assertSameSplits(BpePreset.STARCODER.preTokenizer(), List.of("\\p{N}", GPT2));
    }

    @Test
    void llama3KeepsNewlinesAfterSymbolsAndGroupsDigitsInThrees() {
        assertEquals(List.of("Hello", ",\n\n", "123", "45", " ", " world", "'S"),
                split(new Llama3PreTokenizer(3), "Hello,\n\n12345  world'S"));
    }

    private static void assertSameSplits(PreTokenizer preTokenizer, List<String> regexes) {
        List<Pattern> patterns = regexes.stream().map(Pattern::compile).toList();
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(24); n > 0; n--) {
                text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String s = text.toString();
            assertEquals(regexSplit(patterns, s), split(preTokenizer, s), () -> "text " + s.codePoints()
                    .mapToObj(cp -> String.format("U+%04X", cp)).toList());
        }
    }

    private static List<String> split(PreTokenizer preTokenizer, String text) {
        int[] cps = text.codePoints().toArray();
        List<String> pieces = new ArrayList<>();
        preTokenizer.split(cps, 0, cps.length, (start, end) -> pieces.add(new String(cps, start, end - start)));
        return pieces;
    }

    /** Each regex in turn splits every piece so far into its matches and the text between them. */
    private static List<String> regexSplit(List<Pattern> patterns, String text) {
        List<String> pieces = text.isEmpty() ? List.of() : List.of(text);
        for (Pattern pattern : patterns) {
            List<String> next = new ArrayList<>();
            for (String piece : pieces) {
                Matcher m = pattern.matcher(piece);
                int last = 0;
                while (m.find()) {
                    if (m.start() > last) {
                        next.add(piece.substring(last, m.start()));
                    }
                    next.add(m.group());
                    last = m.end();
                }
                if (last < piece.length()) {
                    next.add(piece.substring(last));
                }
            }
            pieces = next;
        }
        return pieces;
    }
}
