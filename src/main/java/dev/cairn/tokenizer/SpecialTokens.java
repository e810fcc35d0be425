package dev.cairn.tokenizer;

import java.util.Arrays;

/**
 * The ids of a vocabulary's special tokens ({@code -1} when absent) and the attributes llama.cpp gives
 * special tokens beyond their stored type.
 *
 * @param endOfGeneration sorted ids at which generation stops: EOS, EOT and every token llama.cpp treats as
 *                        ending a turn ({@code <|eot_id|>}, {@code <|im_end|>}, {@code <|end|>}, ...)
 * @param stripRight      sorted ids of special tokens that swallow the whitespace after them when parsed
 *                        from text (llama.cpp gives Phi-3's special tokens this attribute)
 */
public record SpecialTokens(int bos, int eos, int eot, int eom, int unknown, int padding,
                            int[] endOfGeneration, int[] stripRight) {

    public SpecialTokens {
        endOfGeneration = sortedCopy(endOfGeneration);
        stripRight = sortedCopy(stripRight);
    }

    public boolean isEndOfGeneration(int id) {
        return Arrays.binarySearch(endOfGeneration, id) >= 0;
    }

    boolean stripsRight(int id) {
        return Arrays.binarySearch(stripRight, id) >= 0;
    }

    private static int[] sortedCopy(int[] ids) {
        return Arrays.stream(ids).filter(id -> id >= 0).sorted().distinct().toArray();
    }
}
