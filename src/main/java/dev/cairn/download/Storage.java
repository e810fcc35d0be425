package dev.cairn.download;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The destination's disk as a download uses it: the room it has, and the part file it writes. */
interface Storage {

    /** Bytes this user may still write in {@code folder}. */
    long usableBytes(Path folder) throws IOException;

    /** The part file, opened to read and write, created when missing. */
    FileChannel open(Path part) throws IOException;

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
