package dev.cairn.app.models;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Measures how fast this machine reads a model file, by timing a read of its first {@link #SAMPLE_BYTES}.
 * Reads bypass the page cache ({@code O_DIRECT}) like the engine's streaming reader does, so a file
 * read moments ago does not look faster than the disk; where the file system refuses direct reads, the
 * read goes through the page cache and the result says so.
 */
public final class DiskReadProbe {

    static final long SAMPLE_BYTES = 64L << 20;
    private static final int CHUNK = 4 << 20;
    private static final int ALIGNMENT = 4096;

    /** @param direct whether the read bypassed the page cache */
    public record Result(long bytes, long nanos, boolean direct) {
        public double bytesPerSecond() {
            return nanos == 0 ? 0 : bytes * 1e9 / nanos;
        }
    }

    private DiskReadProbe() {
    }

    public static Result measure(Path file) throws IOException {
        try {
            return read(file, true);
        } catch (IOException | UnsupportedOperationException directRefused) {
            return read(file, false);
        }
    }

    private static Result read(Path file, boolean direct) throws IOException {
        OpenOption[] options = direct ? new OpenOption[] {StandardOpenOption.READ, ExtendedOpenOption.DIRECT}
                : new OpenOption[] {StandardOpenOption.READ};
        long target = Math.min(SAMPLE_BYTES, Files.size(file));
        // Direct reads need a block-aligned buffer and block-aligned offsets: whole aligned chunks give both.
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK + ALIGNMENT).alignedSlice(ALIGNMENT);
        long read = 0;
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, options)) {
            while (read < target) {
                buffer.clear();
                int n = channel.read(buffer, read);
                if (n <= 0) {
                    break;
                }
                read += n;
            }
        }
        return new Result(read, System.nanoTime() - start, direct);
    }
}
