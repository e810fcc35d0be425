package dev.cairn.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * SentencePiece (BPE by piece scores) as llama.cpp applies it to {@code tokenizer.ggml.model = llama}
 * vocabularies: start from single characters, repeatedly merge the adjacent pair whose merged piece
 * has the highest score, and spell out any leftover character not in the vocabulary as byte tokens.
 */
public final class SentencePieceTokenizer implements Tokenizer {

    private static final String SPACE_MARK = "\u2581";
    private static final byte[] UNKNOWN_PIECE = "\u2585".getBytes(StandardCharsets.UTF_8);

    private final Vocabulary vocabulary;
    private final Map<String, Integer> index;
    private final int[] byteTokens = new int[256];
    private final byte[][] pieces;

    public SentencePieceTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.index = vocabulary.index();
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = index.getOrDefault(String.format("<0x%02X>", b), -1);
        }
        pieces = new byte[vocabulary.size()][];
        for (int id = 0; id < pieces.length; id++) {
            pieces[id] = pieceBytes(id);
        }
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] encode(String text, boolean addBos) {
        List<Integer> out = new ArrayList<>();
        if (addBos && vocabulary.bos() >= 0) {
            out.add(vocabulary.bos());
        }
        if (!text.isEmpty()) {
            String normalised = (vocabulary.addSpacePrefix() ? " " + text : text).replace(" ", SPACE_MARK);
            for (String piece : mergeSymbols(normalised)) {
                appendPiece(piece, out);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
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

    private void appendPiece(String piece, List<Integer> out) {
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
    public byte[] decode(int id) {
        return pieces[id].clone();
    }

    private byte[] pieceBytes(int id) {
        String text = vocabulary.tokens()[id];
        return switch (vocabulary.type(id)) {
            case CONTROL, UNUSED -> new byte[0];
            case UNKNOWN -> UNKNOWN_PIECE;
            case BYTE -> new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
            default -> text.replace(SPACE_MARK, " ").getBytes(StandardCharsets.UTF_8);
        };
    }
}
