package dev.cairn.tokenizer;

/** The GGUF file names a tokenizer Cairn does not implement. */
public final class UnsupportedTokenizerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedTokenizerException(String message) {
        super(message);
    }
}
