package dev.cairn.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The bytes each token stands for, as llama.cpp's {@code token_to_piece}: normal tokens through the
 * tokenizer's own spelling, byte tokens as their byte, user-defined tokens as their text, control and
 * unknown tokens as nothing unless special tokens are rendered, unused ones as nothing.
 */
final class TokenPieces {

    private static final byte[] NOTHING = new byte[0];

    private final Vocabulary vocabulary;
    private final byte[][] pieces;

    /** @param normal the bytes a normal token's text stands for (SentencePiece and byte-level BPE differ) */
    TokenPieces(Vocabulary vocabulary, Function<String, byte[]> normal) {
        this.vocabulary = vocabulary;
        pieces = new byte[vocabulary.size()][];
        for (int id = 0; id < pieces.length; id++) {
            String text = vocabulary.tokens()[id];
            pieces[id] = switch (vocabulary.type(id)) {
                case NORMAL -> normal.apply(text);
                case BYTE -> new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
                case USER_DEFINED -> utf8(text);
                case CONTROL, UNKNOWN, UNUSED, UNDEFINED -> NOTHING;
            };
        }
    }

    byte[] piece(int id, boolean renderSpecial) {
        if (renderSpecial && vocabulary.type(id).isControlOrUnknown()) {
            return utf8(vocabulary.tokens()[id]);
        }
        return pieces[id].clone();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
