package dev.cairn.tokenizer;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import java.nio.file.Path;
import java.util.Arrays;

/** Builds the tokenizer a GGUF file's metadata describes. */
public final class Tokenizers {

    private Tokenizers() {
    }

    public static Tokenizer fromMetadata(GgufMetadata meta, Path file) {
        Vocabulary vocabulary = vocabulary(meta);
        return switch (vocabulary.model()) {
            case "llama" -> new SentencePieceTokenizer(vocabulary);
            case "gpt2" -> {
                BpePreset preset = BpePreset.forName(vocabulary.preTokenizer()).orElseThrow(() ->
                        new UnsupportedTokenizerException(file + ": pre-tokenizer '" + vocabulary.preTokenizer()
                                + "' is not supported yet (supported: " + supportedPreTokenizers() + ")"));
                if (!meta.contains(GgufKeys.TOKENIZER_MERGES)) {
                    throw new UnsupportedTokenizerException(file + ": BPE vocabulary without "
                            + GgufKeys.TOKENIZER_MERGES);
                }
                yield new BytePairTokenizer(vocabulary, meta.getStringArray(GgufKeys.TOKENIZER_MERGES), preset);
            }
            default -> throw new UnsupportedTokenizerException(file + ": tokenizer '" + vocabulary.model()
                    + "' is not supported yet (supported: llama/SentencePiece, gpt2/byte-level BPE)");
        };
    }

    public static Vocabulary vocabulary(GgufMetadata meta) {
        String model = meta.getString(GgufKeys.TOKENIZER_MODEL);
        String pre = meta.findString(GgufKeys.TOKENIZER_PRE).orElse("");
        String[] tokens = meta.getStringArray(GgufKeys.TOKENIZER_TOKENS);
        float[] scores = meta.contains(GgufKeys.TOKENIZER_SCORES) ? meta.getFloatArray(GgufKeys.TOKENIZER_SCORES) : null;
        TokenType[] types = new TokenType[tokens.length];
        Arrays.fill(types, TokenType.NORMAL);
        if (meta.contains(GgufKeys.TOKENIZER_TOKEN_TYPE)) {
            int[] ids = meta.getIntArray(GgufKeys.TOKENIZER_TOKEN_TYPE);
            if (ids.length != tokens.length) {
                throw new IllegalArgumentException("tokenizer arrays differ in length: " + tokens.length + " tokens, "
                        + ids.length + " types");
            }
            for (int i = 0; i < ids.length; i++) {
                types[i] = TokenType.fromId(ids[i]);
            }
        }
        SpecialTokens special = SpecialTokenReader.read(meta, model, tokens, types);
        boolean spm = model.equals("llama");
        // llama.cpp's defaults when the file does not say: SentencePiece adds BOS and a space prefix; BPE
        // adds BOS only for the pre-tokenizers that ask for it (Llama 3's).
        boolean addBosByDefault = spm || model.equals("gpt2") && BpePreset.forName(pre).map(BpePreset::addBos).orElse(false);
        return new Vocabulary(model, pre, tokens, scores, types, special,
                meta.getBoolean(GgufKeys.TOKENIZER_ADD_BOS, addBosByDefault),
                meta.getBoolean(GgufKeys.TOKENIZER_ADD_EOS, false),
                meta.getBoolean(GgufKeys.TOKENIZER_ADD_SPACE_PREFIX, spm));
    }

    private static String supportedPreTokenizers() {
        return String.join(", ", Arrays.stream(BpePreset.values()).flatMap(BpePreset::names).filter(n -> !n.isEmpty()).toList());
    }
}
