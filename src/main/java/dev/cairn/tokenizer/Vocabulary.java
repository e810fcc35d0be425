package dev.cairn.tokenizer;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A model's vocabulary as its GGUF metadata describes it.
 *
 * @param model          {@code tokenizer.ggml.model}: {@code llama} for SentencePiece, {@code gpt2} for byte-level BPE
 * @param preTokenizer   {@code tokenizer.ggml.pre}, empty when absent
 * @param scores         SentencePiece piece scores, or {@code null}
 * @param types          each token's type, with the control tokens llama.cpp recognises by text marked as such
 * @param addSpacePrefix whether SentencePiece prepends a space to the text (its "dummy prefix")
 */
public record Vocabulary(
        String model,
        String preTokenizer,
        String[] tokens,
        float[] scores,
        TokenType[] types,
        SpecialTokens special,
        boolean addBos,
        boolean addEos,
        boolean addSpacePrefix) {

    public Vocabulary {
        Objects.requireNonNull(types, "types");
        if (scores != null && scores.length != tokens.length || types.length != tokens.length) {
            throw new IllegalArgumentException("tokenizer arrays differ in length: " + tokens.length + " tokens, "
                    + (scores == null ? 0 : scores.length) + " scores, " + types.length + " types");
        }
    }

    public int size() {
        return tokens.length;
    }

    public int bos() {
        return special.bos();
    }

    public int eos() {
        return special.eos();
    }

    public int unknown() {
        return special.unknown();
    }

    public float score(int id) {
        return scores == null ? 0f : scores[id];
    }

    public TokenType type(int id) {
        return types[id];
    }

    /** A map from piece text to id; later duplicates do not replace the first id, as in llama.cpp. */
    Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            index.putIfAbsent(tokens[i], i);
        }
        return index;
    }

}
