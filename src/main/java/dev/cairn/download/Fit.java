package dev.cairn.download;

/**
 * Whether a model suits this machine, said before (and while) it downloads.
 *
 * @param label      a few words: "fits in memory", "streams at about 0.42 tokens/s", "does not fit the disk"
 * @param detail     the sentence behind it
 * @param fromHeader whether the model's own header was read, or the file's size and name were all there was
 */
public record Fit(Verdict verdict, String label, String detail, boolean fromHeader) {

    public enum Verdict {
        /** Runs with every layer in memory. */
        RESIDENT,
        /** Runs streaming layers from disk (or with every layer in the layer cache). */
        STREAMS,
        /** Needs more memory than the budget allows even when streaming. */
        TOO_BIG,
        /** The file is larger than the room left on the destination's disk. */
        NO_DISK_SPACE,
        /** Cairn cannot run the file at all. */
        NOT_RUNNABLE,
        /** The server did not say how large the file is: judged once its header arrives. */
        UNKNOWN
    }

    /** Whether downloading it makes sense here. */
    public boolean runs() {
        return verdict == Verdict.RESIDENT || verdict == Verdict.STREAMS;
    }

    @Override
    public String toString() {
        return label + (fromHeader ? "" : " (estimate from the file's size)") + ": " + detail;
    }
}
