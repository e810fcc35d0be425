package dev.cairn.gguf;

import java.io.IOException;

/**
 * A GGUF file that is malformed or that Cairn refuses to read. The message always has the form
 * {@code <file>: <problem> at byte <offset>} so that a user can find the bad spot with a hex editor.
 */
public final class GgufFormatException extends IOException {

    private final String file;
    private final long offset;
    private final String problem;

    public GgufFormatException(String file, long offset, String problem) {
        super(file + ": " + problem + " at byte " + offset);
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    /** The file's path or display name. */
    public String file() {
        return file;
    }

    /** Byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }

    /** The problem, without file name and offset. */
    public String problem() {
        return problem;
    }
}
