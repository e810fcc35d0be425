package dev.cairn.tokenizer;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import java.nio.file.Path;

/** Builds the tokenizer a GGUF file's metadata describes. */
public final class Tokenizers {

    private Tokenizers() {
    }

    public static Tokenizer fromMetadata(GgufMetadata meta, Path file) {
        Vocabulary vocabulary = vocabulary(meta);
        return switch (vocabulary.model()) {
            case "llama" -> new SentencePieceTokenizer(vocabulary);
            default -> throw new UnsupportedTokenizerException(file + ": tokenizer '" + vocabulary.model()
                    + "' is not supported yet (supported: llama/SentencePiece)");
        };
    }

    public static Vocabulary vocabulary(GgufMetadata meta) {
        String model = meta.getString(GgufKeys.TOKENIZER_MODEL);
        String[] tokens = meta.getStringArray(GgufKeys.TOKENIZER_TOKENS);
        float[] scores = meta.get(GgufKeys.TOKENIZER_SCORES).isPresent()
                ? meta.getFloatArray(GgufKeys.TOKENIZER_SCORES) : null;
        TokenType[] types = null;
        if (meta.get(GgufKeys.TOKENIZER_TOKEN_TYPE).isPresent()) {
            int[] ids = meta.getIntArray(GgufKeys.TOKENIZER_TOKEN_TYPE);
            types = new TokenType[ids.length];
            for (int i = 0; i < ids.length; i++) {
                types[i] = TokenType.fromId(ids[i]);
            }
        }
        boolean spm = model.equals("llama");
        return new Vocabulary(model, tokens, scores, types,
                tokenId(meta, GgufKeys.TOKENIZER_BOS_ID, tokens.length),
                tokenId(meta, GgufKeys.TOKENIZER_EOS_ID, tokens.length),
                tokenId(meta, GgufKeys.TOKENIZER_UNKNOWN_ID, tokens.length),
                meta.getBoolean(GgufKeys.TOKENIZER_ADD_BOS, spm),
                meta.getBoolean(GgufKeys.TOKENIZER_ADD_EOS, false),
                meta.getBoolean(GgufKeys.TOKENIZER_ADD_SPACE_PREFIX, spm));
    }

    private static int tokenId(GgufMetadata meta, String key, int vocabSize) {
        int id = meta.getInt(key, -1);
        return id >= 0 && id < vocabSize ? id : -1;
    }
}
