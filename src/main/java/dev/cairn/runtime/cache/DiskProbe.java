package dev.cairn.runtime.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Measures how fast a file reads from the disk, bypassing the page cache where the file system allows. */
public final class DiskProbe {

    private static final int CHUNK = 8 << 20;

    private DiskProbe() {
    }

    /**
     * Reads up to {@code maxBytes} of {@code file} sequentially in 8 MiB chunks with {@code O_DIRECT}
     * (buffered reads after dropping the file from the page cache where O_DIRECT is refused) and returns
     * bytes per second.
     */
    public static double readBytesPerSecond(Path file, long maxBytes) throws IOException {
        FileChannel direct = DirectIo.open(file);
        if (direct == null) {
            NativeIo.dropFromPageCache(file);
        }
        try (FileChannel channel = direct != null ? direct : FileChannel.open(file, StandardOpenOption.READ);
                Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(CHUNK, 4096);
            long limit = Math.min(maxBytes, channel.size()) & -4096L;
            long read = 0;
            long start = System.nanoTime();
            while (read < limit) {
                ByteBuffer target = buffer.asByteBuffer();
                int n = channel.read(target, read);
                if (n <= 0) {
                    break;
                }
                read += n;
            }
            long elapsed = System.nanoTime() - start;
            return read * 1e9 / Math.max(1, elapsed);
        }
    }
}
