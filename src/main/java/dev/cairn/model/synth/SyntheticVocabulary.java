package dev.cairn.model.synth;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.tokenizer.TokenType;

/**
 * A SentencePiece vocabulary of any size, laid out like Llama 2's: unknown, BOS, EOS, the 256 byte tokens,
 * then made-up pieces. Real tokenizers load it, so synthetic models run through every command.
 */
final class SyntheticVocabulary {

    private static final int SPECIAL = 3;
    private static final int BYTES = 256;

    private SyntheticVocabulary() {
    }

    static void describe(int size, GgufMetadata.Builder b) {
        if (size < SPECIAL + BYTES + 1) {
            throw new IllegalArgumentException("a synthetic vocabulary needs at least " + (SPECIAL + BYTES + 1) + " tokens");
        }
        String[] tokens = new String[size];
        float[] scores = new float[size];
        int[] types = new int[size];
        tokens[0] = "<unk>";
        tokens[1] = "<s>";
        tokens[2] = "</s>";
        types[0] = TokenType.UNKNOWN.ordinal();
        types[1] = TokenType.CONTROL.ordinal();
        types[2] = TokenType.CONTROL.ordinal();
        for (int i = 0; i < BYTES; i++) {
            tokens[SPECIAL + i] = String.format("<0x%02X>", i);
            types[SPECIAL + i] = TokenType.BYTE.ordinal();
        }
        for (int id = SPECIAL + BYTES; id < size; id++) {
            tokens[id] = "\u2581" + Integer.toString(id - SPECIAL - BYTES, 36);
            scores[id] = -(id - SPECIAL - BYTES);
            types[id] = TokenType.NORMAL.ordinal();
        }
        b.putString(GgufKeys.TOKENIZER_MODEL, "llama")
                .putStringArray(GgufKeys.TOKENIZER_TOKENS, tokens)
                .putFloat32Array(GgufKeys.TOKENIZER_SCORES, scores)
                .putInt32Array(GgufKeys.TOKENIZER_TOKEN_TYPE, types)
                .putUint32(GgufKeys.TOKENIZER_UNKNOWN_ID, 0)
                .putUint32(GgufKeys.TOKENIZER_BOS_ID, 1)
                .putUint32(GgufKeys.TOKENIZER_EOS_ID, 2)
                .putBool(GgufKeys.TOKENIZER_ADD_BOS, true)
                .putBool(GgufKeys.TOKENIZER_ADD_EOS, false);
    }
}
