package dev.cairn.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * SentencePiece (BPE by piece scores) as llama.cpp applies it to {@code tokenizer.ggml.model = llama}
 * vocabularies: start from single characters, repeatedly merge the adjacent pair whose merged piece
 * has the highest score, and spell out any leftover character not in the vocabulary as byte tokens.
 * Special tokens are cut out first; each stretch of text after one gets the space prefix again, as in llama.cpp.
 */
public final class SentencePieceTokenizer implements Tokenizer {

    private static final String SPACE_MARK = "\u2581";

    private final Vocabulary vocabulary;
    private final Map<String, Integer> index;
    private final int[] byteTokens = new int[256];
    private final SpecialTokenSplitter splitter;
    private final TokenPieces pieces;

    public SentencePieceTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.index = vocabulary.index();
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = index.getOrDefault(String.format("<0x%02X>", b), -1);
        }
        splitter = new SpecialTokenSplitter(vocabulary);
        pieces = new TokenPieces(vocabulary, text -> TokenPieces.utf8(text.replace(SPACE_MARK, " ")));
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
        boolean afterSpecial = true;
        for (SpecialTokenSplitter.Fragment fragment : splitter.split(text, parseSpecial)) {
            if (fragment.isToken()) {
                out.add(fragment.token());
                afterSpecial = true;
                continue;
            }
            String part = text.substring(fragment.start(), fragment.end());
            String prefixed = vocabulary.addSpacePrefix() && afterSpecial ? " " + part : part;
            for (String piece : mergeSymbols(prefixed.replace(" ", SPACE_MARK))) {
                appendPiece(piece, out);
            }
            afterSpecial = false;
        }
        return out.build().toArray();
    }

    /** The highest-scoring merges first; among equal scores the leftmost, as SentencePiece does. */
    private record Bigram(int left, int right, float score, int length) {
    }

    private List<String> mergeSymbols(String text) {
        List<String> symbols = new ArrayList<>();
        text.codePoints().forEach(cp -> symbols.add(Character.toString(cp)));
        int n = symbols.size();
        String[] sym = symbols.toArray(String[]::new);
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, sym, i, i + 1);
        }
        while (!queue.isEmpty()) {
            Bigram bg = queue.poll();
            String left = sym[bg.left];
            String right = sym[bg.right];
            // Stale: one side was merged away or changed since this pair was queued.
            if (left == null || right == null || next[bg.left] != bg.right
                    || left.length() + right.length() != bg.length) {
                continue;
            }
            sym[bg.left] = left + right;
            sym[bg.right] = null;
            next[bg.left] = next[bg.right];
            if (next[bg.right] >= 0) {
                prev[next[bg.right]] = bg.left;
            }
            if (prev[bg.left] >= 0) {
                offer(queue, sym, prev[bg.left], bg.left);
            }
            if (next[bg.left] >= 0) {
                offer(queue, sym, bg.left, next[bg.left]);
            }
        }
        List<String> result = new ArrayList<>();
        for (int i = n > 0 ? 0 : -1; i >= 0; i = next[i]) {
            result.add(sym[i]);
        }
        return result;
    }

    private void offer(PriorityQueue<Bigram> queue, String[] sym, int left, int right) {
        String merged = sym[left] + sym[right];
        Integer id = index.get(merged);
        if (id != null) {
            queue.add(new Bigram(left, right, vocabulary.score(id), merged.length()));
        }
    }

    private void appendPiece(String piece, IntStream.Builder out) {
        Integer id = index.get(piece);
        if (id != null) {
            out.add(id);
            return;
        }
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
            int byteToken = byteTokens[b & 0xFF];
            out.add(byteToken >= 0 ? byteToken : vocabulary.unknown());
        }
    }

    @Override
    public byte[] decode(int id, boolean renderSpecial) {
        return pieces.piece(id, renderSpecial);
    }
}
