package dev.cairn.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Cuts special tokens out of text before it is tokenized, as llama.cpp's {@code tokenizer_st_partition}:
 * special tokens are searched longest first (by UTF-8 length), each splitting every stretch of text still
 * unclaimed. User-defined tokens are always cut out; control and unknown tokens only when the caller asks
 * to parse special tokens, so that user text cannot smuggle in {@code <|im_start|>} and the like.
 */
final class SpecialTokenSplitter {

    /** A stretch of the text {@code [start, end)}, or a special token ({@code token >= 0}). */
    record Fragment(int start, int end, int token) {

        boolean isToken() {
            return token >= 0;
        }
    }

    private final int[] candidates;
    private final String[] tokens;
    private final TokenType[] types;
    private final SpecialTokens special;
    private final boolean anyUserDefined;

    SpecialTokenSplitter(Vocabulary vocabulary) {
        tokens = vocabulary.tokens();
        types = vocabulary.types();
        special = vocabulary.special();
        candidates = IntStream.range(0, tokens.length)
                .filter(id -> types[id].isSpecial() && !tokens[id].isEmpty())
                .boxed()
                .sorted(Comparator.comparingInt((Integer id) -> -utf8Length(tokens[id])).thenComparingInt(id -> id))
                .mapToInt(Integer::intValue)
                .toArray();
        anyUserDefined = IntStream.of(candidates).anyMatch(id -> !types[id].isControlOrUnknown());
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment(0, text.length(), -1));
        if (!parseSpecial && !anyUserDefined) {
            return fragments;
        }
        // Vocabularies hold hundreds of special tokens but few distinct first characters ('<', '['): one
        // search per character rules most of them out without a search per token.
        Map<Character, Boolean> present = new HashMap<>();
        for (int id : candidates) {
            boolean wanted = parseSpecial || !types[id].isControlOrUnknown();
            if (wanted && present.computeIfAbsent(tokens[id].charAt(0), c -> text.indexOf(c) >= 0)) {
                fragments = cut(text, fragments, id);
            }
        }
        return fragments;
    }

    private List<Fragment> cut(String text, List<Fragment> fragments, int id) {
        String piece = tokens[id];
        List<Fragment> result = new ArrayList<>(fragments.size());
        for (Fragment f : fragments) {
            if (f.isToken()) {
                result.add(f);
                continue;
            }
            int start = f.start();
            int at;
            while (start < f.end() && (at = text.indexOf(piece, start, f.end())) >= 0) {
                if (at > start) {
                    result.add(new Fragment(start, at, -1));
                }
                result.add(new Fragment(at, at + piece.length(), id));
                start = at + piece.length();
                if (special.stripsRight(id)) {
                    while (start < f.end() && isAsciiSpace(text.charAt(start))) {
                        start++;
                    }
                }
            }
            if (start < f.end()) {
                result.add(new Fragment(start, f.end(), -1));
            }
        }
        return result;
    }

    /** C's {@code isspace}, which llama.cpp strips with. */
    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
