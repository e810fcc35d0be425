package dev.cairn.runtime.cache;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens files for {@code O_DIRECT} reads where the file system allows it. */
final class DirectIo {

    private DirectIo() {
    }

    /** A channel reading {@code path} with {@code O_DIRECT}, or null where the file system refuses it. */
    static FileChannel open(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
