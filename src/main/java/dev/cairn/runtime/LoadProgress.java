package dev.cairn.runtime;

/** How far a load has copied the weights to where they compute (a GPU's memory), for a progress bar. */
@FunctionalInterface
public interface LoadProgress {

    /** Nothing to report to. */
    LoadProgress NONE = (copied, total) -> { };

    /** {@code copied} of the model's {@code total} weight bytes are in place. */
    void copied(long copied, long total);
}
