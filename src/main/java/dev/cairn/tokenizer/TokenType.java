package dev.cairn.tokenizer;

/** Token types as stored in {@code tokenizer.ggml.token_type} (SentencePiece's piece types). */
public enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    public static TokenType fromId(int id) {
        TokenType[] all = values();
        return id >= 0 && id < all.length ? all[id] : UNDEFINED;
    }

    /** Whether text can spell this token as a whole (llama.cpp's special-token cache: control, user-defined, unknown). */
    boolean isSpecial() {
        return this == CONTROL || this == USER_DEFINED || this == UNKNOWN;
    }

    /**
     * Control and unknown tokens are matched in text only when special tokens are parsed (user-defined ones
     * always are) and decode to their text only when special tokens are rendered.
     */
    boolean isControlOrUnknown() {
        return this == CONTROL || this == UNKNOWN;
    }
}
