package dev.cairn.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The destination's disk as a download uses it: the room it has, the part file, and the writes into it
 * (where a test stands in a disk that fills up).
 */
interface Storage {

    /** Bytes this user may still write in {@code folder}. */
    long usableBytes(Path folder) throws IOException;

    /** The part file, opened to read and write, created when missing. */
    FileChannel open(Path part) throws IOException;

    /** Writes some of {@code bytes} at {@code position}; returns how many. */
    default int write(FileChannel part, ByteBuffer bytes, long position) throws IOException {
        return part.write(bytes, position);
    }

    Storage DISK = new Storage() {
        @Override
        public long usableBytes(Path folder) throws IOException {
            return Files.getFileStore(folder).getUsableSpace();
        }

        @Override
        public FileChannel open(Path part) throws IOException {
            return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    };
}
