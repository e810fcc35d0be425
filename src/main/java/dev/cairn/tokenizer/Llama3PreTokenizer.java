package dev.cairn.tokenizer;

import static dev.cairn.tokenizer.CodepointClass.isLetter;
import static dev.cairn.tokenizer.CodepointClass.isNewline;
import static dev.cairn.tokenizer.CodepointClass.isNumber;
import static dev.cairn.tokenizer.CodepointClass.isOther;
import static dev.cairn.tokenizer.CodepointClass.isWhitespace;

/**
 * Llama 3's split, {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+},
 * written out by hand as llama.cpp does. Qwen 2 uses the same pattern with single digits ({@code \p{N}}), so
 * the digit group size is a parameter.
 */
final class Llama3PreTokenizer implements PreTokenizer {

    private final int digitGroup;

    Llama3PreTokenizer(int digitGroup) {
        this.digitGroup = digitGroup;
    }

    @Override
    public void split(int[] cps, int from, int to, Pieces out) {
        int pos = from;
        while (pos < to) {
            int end = contractionEnd(cps, pos, to);
            if (end < 0) {
                end = wordEnd(cps, pos, to);
            }
            if (end < 0 && isNumber(cps[pos])) {
                end = pos + 1;
                while (end < to && end - pos < digitGroup && isNumber(cps[end])) {
                    end++;
                }
            }
            if (end < 0) {
                end = symbolsEnd(cps, pos, to);
            }
            if (end < 0) {
                end = whitespaceEnd(cps, pos, to);
            }
            out.accept(pos, end);
            pos = end;
        }
    }

    /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)}. */
    private static int contractionEnd(int[] cps, int pos, int to) {
        if (cps[pos] != '\'' || pos + 1 >= to) {
            return -1;
        }
        int next = Character.toLowerCase(cps[pos + 1]);
        if (next == 's' || next == 't' || next == 'm' || next == 'd') {
            return pos + 2;
        }
        if (pos + 2 < to) {
            int after = Character.toLowerCase(cps[pos + 2]);
            if (next == 'r' && after == 'e' || next == 'v' && after == 'e' || next == 'l' && after == 'l') {
                return pos + 3;
            }
        }
        return -1;
    }

    /** {@code [^\r\n\p{L}\p{N}]?\p{L}+}. */
    private static int wordEnd(int[] cps, int pos, int to) {
        int cp = cps[pos];
        if (isNewline(cp) || isNumber(cp) || !isLetter(cp) && (pos + 1 >= to || !isLetter(cps[pos + 1]))) {
            return -1;
        }
        int end = pos + 1;
        while (end < to && isLetter(cps[end])) {
            end++;
        }
        return end;
    }

    /** {@code  ?[^\s\p{L}\p{N}]+[\r\n]*}. */
    private static int symbolsEnd(int[] cps, int pos, int to) {
        int start = cps[pos] == ' ' ? pos + 1 : pos;
        if (start >= to || !isOther(cps[start])) {
            return -1;
        }
        int end = start;
        while (end < to && isOther(cps[end])) {
            end++;
        }
        while (end < to && isNewline(cps[end])) {
            end++;
        }
        return end;
    }

    /** {@code \s*[\r\n]+|\s+(?!\S)|\s+}. */
    private static int whitespaceEnd(int[] cps, int pos, int to) {
        int afterNewline = -1;
        for (int end = pos; end < to && isWhitespace(cps[end]); end++) {
            if (isNewline(cps[end])) {
                afterNewline = end + 1;
            }
        }
        return afterNewline > 0 ? afterNewline : Gpt2PreTokenizer.whitespaceEnd(cps, pos, to);
    }
}
