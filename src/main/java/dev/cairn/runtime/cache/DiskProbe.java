package dev.cairn.runtime.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Measures how fast a file reads from the disk: sequential 8 MiB reads with {@code O_DIRECT}, so a file
 * read moments ago does not look faster than the disk; where the file system refuses direct reads, the
 * file is dropped from the page cache first and read through it, and the result says so.
 */
public final class DiskProbe {

    private static final int CHUNK = 8 << 20;

    /** @param direct whether the reads bypassed the page cache */
    public record Result(long bytes, long nanos, boolean direct) {
        public double bytesPerSecond() {
            return nanos == 0 ? 0 : bytes * 1e9 / nanos;
        }
    }

    private DiskProbe() {
    }

    /** Reads the first {@code maxBytes} of {@code file} (all of it when smaller) and times it. */
    public static Result measure(Path file, long maxBytes) throws IOException {
        FileChannel direct = DirectIo.open(file);
        if (direct == null) {
            NativeIo.dropFromPageCache(file);
        }
        try (FileChannel channel = direct != null ? direct : FileChannel.open(file, StandardOpenOption.READ);
                Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(CHUNK, 4096);
            long target = Math.min(maxBytes, channel.size());
            long read = 0;
            long start = System.nanoTime();
            while (read < target) {
                int n = channel.read(buffer.asByteBuffer(), read);
                if (n <= 0) {
                    break;
                }
                read += n;
            }
            return new Result(Math.min(read, target), System.nanoTime() - start, direct != null);
        }
    }
}
