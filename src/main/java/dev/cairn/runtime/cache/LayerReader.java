package dev.cairn.runtime.cache;

import dev.cairn.gguf.FileChangedException;
import dev.cairn.gguf.GgufFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads a layer's streamed tensors from the file into a slot's memory as the {@link LayerLayout} places
 * them, with positional reads, {@code O_DIRECT} (no page-cache copy) or through the page cache.
 *
 * <p>A layer is read in {@link #READ_BYTES} pieces, {@link #READS_IN_FLIGHT} at a time, which is what
 * reached this disk's full rate ({@code cairn disk} on a 70B file, 1 GiB per point, O_DIRECT): one 128 MiB
 * read at a time moved 1.1–1.2 GB/s, 4 MiB reads with two in flight 1.9–2.0 GB/s, and more in flight or
 * larger reads no more. A whole tensor in one read (what this did before, up to 190 MiB) leaves the device
 * idle between the pieces the kernel splits it into.
 */
final class LayerReader implements AutoCloseable {

    /** One read: the device's largest request (max_sectors_kb 4096 here), a whole number of pages. */
    static final int READ_BYTES = 4 << 20;
    /** Reads outstanding at once, over all layers loading. */
    static final int READS_IN_FLIGHT = 2;

    private final GgufFile file;
    private final LayerLayout layout;
    private final FileChannel channel;
    private final ReadMode mode;
    private final ExecutorService readers = Executors.newFixedThreadPool(READS_IN_FLIGHT,
            Thread.ofPlatform().daemon().name("cairn-read-", 0).factory());

    LayerReader(GgufFile file, LayerLayout layout, ReadMode requested) throws IOException {
        this.file = file;
        this.layout = layout;
        FileChannel opened = null;
        if (requested == ReadMode.DIRECT) {
            opened = DirectIo.open(file.path());
        }
        this.mode = requested == ReadMode.DIRECT && opened == null ? ReadMode.BUFFERED : requested;
        this.channel = opened != null ? opened : FileChannel.open(file.path(), StandardOpenOption.READ);
    }

    /** How layers are actually read (O_DIRECT falls back to buffered reads where unsupported). */
    ReadMode mode() {
        return mode;
    }

    /** Reads {@code layer} into {@code slot} (at least {@link LayerLayout#slotBytes}), blocking; returns the bytes read. */
    long read(int layer, MemorySegment slot) throws IOException {
        file.checkUnchanged(channel);
        long fileSize = file.fileSize();
        List<Callable<Long>> pieces = new ArrayList<>();
        for (LayerLayout.Run run : layout.runs(layer)) {
            long needed = Math.min(run.length(), fileSize - run.filePosition());
            for (long at = 0; at < needed; at += READ_BYTES) {
                long position = run.filePosition() + at;
                MemorySegment target = slot.asSlice(run.slotOffset() + at, Math.min(READ_BYTES, run.length() - at));
                long wanted = Math.min(READ_BYTES, needed - at);
                pieces.add(() -> readPiece(layer, target, position, wanted));
            }
        }
        long read = 0;
        try {
            for (Future<Long> piece : readers.invokeAll(pieces)) {
                read += piece.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading layer " + layer, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().toString(), e.getCause());
        }
        return read;
    }

    /** Reads {@code wanted} bytes at {@code position} into {@code target} (its length rounded up for O_DIRECT). */
    private long readPiece(int layer, MemorySegment target, long position, long wanted) throws IOException {
        ByteBuffer buffer = target.asByteBuffer();
        long done = 0;
        while (done < wanted) {
            int n = channel.read(buffer, position + done);
            if (n < 0) {
                throw new FileChangedException(file.path() + " ended at byte " + (position + done)
                        + " while reading layer " + layer + " (was it truncated?)");
            }
            done += n;
        }
        return done;
    }

    /** Waits for reads in flight (none may still write into a slot once this returns) and closes the file. */
    @Override
    public void close() {
        readers.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (readers.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a read-only channel loses nothing
        }
    }
}
