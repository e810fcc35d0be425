package dev.cairn.gguf;

import java.io.IOException;

/**
 * The model file was truncated or replaced while in use: its mapped pages may be gone, and retrying a read
 * cannot help.
 */
public final class FileChangedException extends IOException {

    public FileChangedException(String message) {
        super(message);
    }
}
