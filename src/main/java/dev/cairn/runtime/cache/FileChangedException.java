package dev.cairn.runtime.cache;

import java.io.IOException;

/** The model file was truncated or replaced while layers were streaming from it; retrying cannot help. */
public final class FileChangedException extends IOException {

    public FileChangedException(String message) {
        super(message);
    }
}
