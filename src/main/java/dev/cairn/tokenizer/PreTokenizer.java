package dev.cairn.tokenizer;

/**
 * Splits text into the words that byte-level BPE merges within, as llama.cpp's pre-tokenizer regexes do.
 * Text is given as code points; a piece is a range of them. Every code point lands in exactly one piece:
 * text a regex does not match is kept as a piece of its own, as llama.cpp keeps it.
 */
@FunctionalInterface
interface PreTokenizer {

    /** Receives the pieces of a split, in order, as code point ranges {@code [start, end)}. */
    @FunctionalInterface
    interface Pieces {
        void accept(int start, int end);
    }

    /** Splits {@code cps[from, to)}. Lookahead never sees past {@code to}. */
    void split(int[] cps, int from, int to, Pieces out);

    /** Applies {@code next} to every piece this one produces, as llama.cpp applies a list of regexes. */
    default PreTokenizer then(PreTokenizer next) {
        return (cps, from, to, out) -> split(cps, from, to, (start, end) -> next.split(cps, start, end, out));
    }
}
