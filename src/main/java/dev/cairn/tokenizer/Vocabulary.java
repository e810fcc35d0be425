package dev.cairn.tokenizer;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A model's vocabulary as its GGUF metadata describes it. Special ids are {@code -1} when absent.
 *
 * @param model          {@code tokenizer.ggml.model}, e.g. {@code llama} for SentencePiece
 * @param addSpacePrefix whether SentencePiece prepends a space to the text (its "dummy prefix")
 */
public record Vocabulary(
        String model,
        String[] tokens,
        float[] scores,
        TokenType[] types,
        int bos,
        int eos,
        int unknown,
        boolean addBos,
        boolean addEos,
        boolean addSpacePrefix) {

    public Vocabulary {
        if (scores != null && scores.length != tokens.length || types != null && types.length != tokens.length) {
            throw new IllegalArgumentException("tokenizer arrays differ in length: " + tokens.length + " tokens, "
                    + (scores == null ? 0 : scores.length) + " scores, " + (types == null ? 0 : types.length) + " types");
        }
    }

    public int size() {
        return tokens.length;
    }

    public float score(int id) {
        return scores == null ? 0f : scores[id];
    }

    public TokenType type(int id) {
        return types == null ? TokenType.NORMAL : types[id];
    }

    /** A map from piece text to id; later duplicates do not replace the first id, as in llama.cpp. */
    Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            index.putIfAbsent(tokens[i], i);
        }
        return index;
    }

    public OptionalInt find(String piece) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(piece)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}
