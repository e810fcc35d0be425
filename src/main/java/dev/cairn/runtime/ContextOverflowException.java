package dev.cairn.runtime;

/** A prompt that does not fit the context with room for its answer; the message says by how much. */
public final class ContextOverflowException extends IllegalArgumentException {

    public ContextOverflowException(String message) {
        super(message);
    }
}
