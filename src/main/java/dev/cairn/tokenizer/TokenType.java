package dev.cairn.tokenizer;

/** Token types as stored in {@code tokenizer.ggml.token_type} (SentencePiece's piece types). */
public enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    public static TokenType fromId(int id) {
        TokenType[] all = values();
        return id >= 0 && id < all.length ? all[id] : UNDEFINED;
    }
}
