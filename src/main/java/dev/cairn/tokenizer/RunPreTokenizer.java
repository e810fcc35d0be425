package dev.cairn.tokenizer;

import java.util.function.IntPredicate;

/**
 * A split on a one-class regex, {@code [class]+} or {@code [class]{n}} (llama.cpp's {@code \p{N}+},
 * {@code [0-9][0-9][0-9]}, ...): every match becomes a piece and so does the text between matches.
 */
final class RunPreTokenizer implements PreTokenizer {

    private final IntPredicate member;
    private final int group;

    /** Runs of {@code member} of any length ({@code group == 0}) or exactly {@code group} long. */
    RunPreTokenizer(IntPredicate member, int group) {
        this.member = member;
        this.group = group;
    }

    @Override
    public void split(int[] cps, int from, int to, Pieces out) {
        int gapStart = from;
        int pos = from;
        while (pos < to) {
            if (!member.test(cps[pos])) {
                pos++;
                continue;
            }
            int runEnd = pos;
            while (runEnd < to && member.test(cps[runEnd])) {
                runEnd++;
            }
            int step = group == 0 ? runEnd - pos : group;
            int matchedEnd = pos + (runEnd - pos) / step * step;
            if (matchedEnd > pos) {
                if (gapStart < pos) {
                    out.accept(gapStart, pos);
                }
                for (int start = pos; start < matchedEnd; start += step) {
                    out.accept(start, start + step);
                }
                // Members left over after the last full group are not a match: they start the next gap.
                gapStart = matchedEnd;
            }
            pos = runEnd;
        }
        if (gapStart < to) {
            out.accept(gapStart, to);
        }
    }
}
