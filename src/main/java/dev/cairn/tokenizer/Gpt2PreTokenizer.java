package dev.cairn.tokenizer;

import static dev.cairn.tokenizer.CodepointClass.isLetter;
import static dev.cairn.tokenizer.CodepointClass.isNumber;
import static dev.cairn.tokenizer.CodepointClass.isOther;
import static dev.cairn.tokenizer.CodepointClass.isWhitespace;

import java.util.function.IntPredicate;

/**
 * GPT-2's split, {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}, written
 * out by hand as llama.cpp does (a regex engine is both slower and easy to get subtly different).
 */
final class Gpt2PreTokenizer implements PreTokenizer {

    @Override
    public void split(int[] cps, int from, int to, Pieces out) {
        int pos = from;
        while (pos < to) {
            int end = contractionEnd(cps, pos, to);
            if (end < 0) {
                end = optionalSpaceThenRun(cps, pos, to);
            }
            if (end < 0) {
                end = whitespaceEnd(cps, pos, to);
            }
            out.accept(pos, end);
            pos = end;
        }
    }

    /** {@code 's|'t|'re|'ve|'m|'ll|'d}, case-sensitive in GPT-2's pattern. */
    private static int contractionEnd(int[] cps, int pos, int to) {
        if (cps[pos] != '\'' || pos + 1 >= to) {
            return -1;
        }
        int next = cps[pos + 1];
        if (next == 's' || next == 't' || next == 'm' || next == 'd') {
            return pos + 2;
        }
        if (pos + 2 < to) {
            int after = cps[pos + 2];
            if (next == 'r' && after == 'e' || next == 'v' && after == 'e' || next == 'l' && after == 'l') {
                return pos + 3;
            }
        }
        return -1;
    }

    /** {@code  ?\p{L}+}, {@code  ?\p{N}+} or {@code  ?[^\s\p{L}\p{N}]+}, whichever the first character starts. */
    private static int optionalSpaceThenRun(int[] cps, int pos, int to) {
        int start = cps[pos] == ' ' ? pos + 1 : pos;
        if (start >= to) {
            return -1;
        }
        int first = cps[start];
        IntPredicate run = isLetter(first) ? CodepointClass::isLetter
                : isNumber(first) ? CodepointClass::isNumber
                : isOther(first) ? CodepointClass::isOther
                : null;
        if (run == null) {
            return -1;
        }
        int end = start + 1;
        while (end < to && run.test(cps[end])) {
            end++;
        }
        return end;
    }

    /** {@code \s+(?!\S)|\s+}: a run of whitespace, less its last character when a non-space follows. */
    static int whitespaceEnd(int[] cps, int pos, int to) {
        int end = pos;
        while (end < to && isWhitespace(cps[end])) {
            end++;
        }
        if (end - pos > 1 && end < to) {
            return end - 1;
        }
        return Math.max(end, pos + 1);
    }
}
