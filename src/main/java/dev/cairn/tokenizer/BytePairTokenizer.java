package dev.cairn.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Byte-level BPE ({@code tokenizer.ggml.model = gpt2}) as llama.cpp applies it: special tokens are cut out,
 * the rest is split into words by the vocabulary's pre-tokenizer, each word is spelled as GPT-2 byte
 * characters and merged by rank (lowest first, leftmost among equals). Words repeat a lot in real text, so
 * their tokens are cached.
 */
public final class BytePairTokenizer implements Tokenizer {

    /** Enough distinct words for a long document; past it the cache starts over rather than grow without bound. */
    private static final int CACHE_ENTRIES = 1 << 16;
    /** Longer words (long runs of spaces or digits, base64, ...) are rare enough not to be worth keeping. */
    private static final int CACHE_MAX_WORD = 64;

    private final Vocabulary vocabulary;
    private final Map<String, Integer> index;
    private final MergeTable merges;
    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;
    private final SpecialTokenSplitter splitter;
    private final TokenPieces pieces;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BytePairTokenizer(Vocabulary vocabulary, String[] merges, BpePreset preset) {
        this.vocabulary = vocabulary;
        this.index = vocabulary.index();
        this.merges = new MergeTable(vocabulary.tokens(), index, merges);
        this.preTokenizer = preset.preTokenizer();
        this.ignoreMerges = preset.ignoreMerges();
        this.splitter = new SpecialTokenSplitter(vocabulary);
        this.pieces = new TokenPieces(vocabulary, ByteLevel::decode);
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        IntStream.Builder out = IntStream.builder();
        if (addBos && vocabulary.bos() >= 0) {
            out.add(vocabulary.bos());
        }
        for (SpecialTokenSplitter.Fragment fragment : splitter.split(text, parseSpecial)) {
            if (fragment.isToken()) {
                out.add(fragment.token());
            } else {
                int[] cps = text.substring(fragment.start(), fragment.end()).codePoints().toArray();
                preTokenizer.split(cps, 0, cps.length, (start, end) -> {
                    for (int id : word(new String(cps, start, end - start))) {
                        out.add(id);
                    }
                });
            }
        }
        return out.build().toArray();
    }

    @Override
    public byte[] decode(int id, boolean renderSpecial) {
        return pieces.piece(id, renderSpecial);
    }

    private int[] word(String word) {
        if (word.length() > CACHE_MAX_WORD) {
            return merge(word);
        }
        int[] ids = cache.get(word);
        if (ids == null) {
            ids = merge(word);
            if (cache.size() >= CACHE_ENTRIES) {
                cache.clear();
            }
            cache.put(word, ids);
        }
        return ids;
    }

    private int[] merge(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        if (ignoreMerges) {
            Integer whole = index.get(ByteLevel.encode(bytes));
            if (whole != null) {
                return new int[] {whole};
            }
        }
        int n = bytes.length;
        int[] symbols = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            symbols[i] = merges.byteSymbol(bytes[i]);
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Candidates are keyed rank << 32 | left position: the lowest rank first, the leftmost among equals.
        LongMinHeap candidates = new LongMinHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            offer(candidates, symbols, i, i + 1);
        }
        while (!candidates.isEmpty()) {
            long candidate = candidates.poll();
            int left = (int) candidate;
            int right = symbols[left] >= 0 ? next[left] : -1;
            if (right < 0) {
                continue;
            }
            // A stale candidate (a neighbour changed since it was queued) no longer merges at this rank.
            long merge = merges.find(symbols[left], symbols[right]);
            if (merge < 0 || merge >>> 32 != candidate >>> 32) {
                continue;
            }
            symbols[left] = (int) merge;
            symbols[right] = -1;
            next[left] = next[right];
            if (next[left] >= 0) {
                prev[next[left]] = left;
                offer(candidates, symbols, left, next[left]);
            }
            if (prev[left] >= 0) {
                offer(candidates, symbols, prev[left], left);
            }
        }
        IntStream.Builder ids = IntStream.builder();
        for (int i = 0; i >= 0; i = next[i]) {
            appendSymbol(symbols[i], ids);
        }
        return ids.build().toArray();
    }

    private void offer(LongMinHeap candidates, int[] symbols, int left, int right) {
        long merge = merges.find(symbols[left], symbols[right]);
        if (merge >= 0) {
            candidates.add(merge >>> 32 << 32 | left);
        }
    }

    /**
     * A symbol with no token of its own (a vocabulary missing a merge result or a byte) falls back to the
     * tokens of its single bytes, as llama.cpp does; bytes without a token are dropped there too.
     */
    private void appendSymbol(int symbol, IntStream.Builder ids) {
        if (merges.isToken(symbol)) {
            ids.add(symbol);
            return;
        }
        for (byte b : merges.text(symbol).getBytes(StandardCharsets.UTF_8)) {
            Integer id = b >= 0 ? index.get(String.valueOf((char) b)) : null;
            if (id != null) {
                ids.add(id);
            }
        }
    }
}
