package dev.cairn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The partition of text around special tokens, on a small hand-made vocabulary. */
class SpecialTokenSplitterTest {

    private static final String[] TOKENS = {"a", "<|a|>", "<|a|><|b|>", "<|b|>", "[user]"};
    private static final TokenType[] TYPES = {TokenType.NORMAL, TokenType.CONTROL, TokenType.CONTROL, TokenType.CONTROL,
        TokenType.USER_DEFINED};

    @Test
    void longestSpecialTokenWinsAndTextBetweenStays() {
        assertEquals(List.of("q", "#2", "r", "#3"), split(splitter(new int[0]), "q<|a|><|b|>r<|b|>", true));
        assertEquals(List.of("#1", "x", "#1"), split(splitter(new int[0]), "<|a|>x<|a|>", true));
    }

    @Test
    void controlTokensStayTextUnlessParsedButUserDefinedOnesAreAlwaysCut() {
        assertEquals(List.of("<|a|> "), split(splitter(new int[0]), "<|a|> ", false));
        assertEquals(List.of("x ", "#4", " y"), split(splitter(new int[0]), "x [user] y", false));
    }

    @Test
    void rightStrippingTokensSwallowFollowingWhitespace() {
        assertEquals(List.of("x ", "#4", "y"), split(splitter(new int[] {4}), "x [user] \n\ty", false));
        assertEquals(List.of("#4"), split(splitter(new int[] {4}), "[user]  ", false));
    }

    private static SpecialTokenSplitter splitter(int[] stripRight) {
        SpecialTokens special = new SpecialTokens(-1, -1, -1, -1, -1, -1, new int[0], stripRight);
        return new SpecialTokenSplitter(new Vocabulary("llama", "", TOKENS, null, TYPES, special, false, false, false));
    }

    /** Text fragments as their text, tokens as {@code #id}. */
    private static List<String> split(SpecialTokenSplitter splitter, String text, boolean parseSpecial) {
        return splitter.split(text, parseSpecial).stream()
                .map(f -> f.isToken() ? "#" + f.token() : text.substring(f.start(), f.end()))
                .toList();
    }
}
