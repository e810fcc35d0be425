package dev.cairn.model;

/** A well-formed GGUF file that describes a model Cairn cannot run; the message says why. */
public final class UnsupportedModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedModelException(String message) {
        super(message);
    }
}
