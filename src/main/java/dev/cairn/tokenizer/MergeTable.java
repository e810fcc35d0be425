package dev.cairn.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BPE merge ranks over integer symbols, so merging compares ints instead of building strings. A symbol is a
 * vocabulary id, or an id past the vocabulary for the rare string a merge or a single byte produces that the
 * vocabulary lacks (llama.cpp merges strings, so such strings must still merge and be told apart).
 */
final class MergeTable {

    private static final long EMPTY = -1L;

    private final String[] tokens;
    private final Map<String, Integer> index;
    private final Map<String, Integer> extraIds = new HashMap<>();
    private final List<String> extraSymbols = new ArrayList<>();
    private final int[] byteSymbols = new int[256];
    private final long[] keys;
    private final int[] ranks;
    private final int[] results;
    private final int mask;

    /**
     * @param index  piece text to vocabulary id
     * @param merges {@code tokenizer.ggml.merges}: "left right" in rank order; the first of duplicates wins
     */
    MergeTable(String[] tokens, Map<String, Integer> index, String[] merges) {
        this.tokens = tokens;
        this.index = index;
        // Open addressing at a load factor of at most 3/4.
        int capacity = Integer.highestOneBit(Math.max(16, merges.length + merges.length / 3)) << 1;
        keys = new long[capacity];
        ranks = new int[capacity];
        results = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY);
        for (int b = 0; b < 256; b++) {
            byteSymbols[b] = symbol(String.valueOf(ByteLevel.toChar(b)));
        }
        for (int rank = 0; rank < merges.length; rank++) {
            String merge = merges[rank];
            // As llama.cpp: split at the first space after the first character (a piece may be a lone space).
            int space = merge.indexOf(' ', 1);
            if (space < 0) {
                continue;
            }
            String left = merge.substring(0, space);
            String right = merge.substring(space + 1);
            put(symbol(left), symbol(right), rank, symbol(left + right));
        }
    }

    /** The symbol a single byte starts as. */
    int byteSymbol(int b) {
        return byteSymbols[b & 0xFF];
    }

    /** Whether {@code symbol} is a vocabulary id (the others have no token of their own). */
    boolean isToken(int symbol) {
        return symbol < tokens.length;
    }

    String text(int symbol) {
        return isToken(symbol) ? tokens[symbol] : extraSymbols.get(symbol - tokens.length);
    }

    /** The merge of two adjacent symbols as {@code rank << 32 | result}, or {@code -1} when they do not merge. */
    long find(int left, int right) {
        long key = key(left, right);
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return (long) ranks[slot] << 32 | results[slot];
            }
            if (keys[slot] == EMPTY) {
                return -1;
            }
        }
    }

    private void put(int left, int right, int rank, int result) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ranks[slot] = rank;
        results[slot] = result;
    }

    private int symbol(String text) {
        Integer id = index.get(text);
        return id != null ? id : extraIds.computeIfAbsent(text, t -> {
            extraSymbols.add(t);
            return tokens.length + extraSymbols.size() - 1;
        });
    }

    private static long key(int left, int right) {
        return (long) left << 32 | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
