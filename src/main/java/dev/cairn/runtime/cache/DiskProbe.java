package dev.cairn.runtime.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how fast a file reads from the disk, with {@code O_DIRECT} so a file read moments ago does not
 * look faster than the disk; where the file system refuses direct reads, the file is dropped from the page
 * cache first and read through it, and the result says so. Reads are {@code readBytes} long, aligned, and
 * {@code inFlight} of them are outstanding at once (one thread each), so a sweep over both shows the queue
 * depth and read size the device needs to reach its full rate.
 */
public final class DiskProbe {

    /** The default probe's read size: 8 MiB (the layer reader's own shape is {@link #measureAsStreamed}'s). */
    public static final int DEFAULT_READ_BYTES = 8 << 20;

    /** @param direct whether the reads bypassed the page cache */
    public record Result(long bytes, long nanos, boolean direct) {
        public double bytesPerSecond() {
            return nanos == 0 ? 0 : bytes * 1e9 / nanos;
        }
    }

    private DiskProbe() {
    }

    /** Reads the first {@code maxBytes} of {@code file} (all of it when smaller), 8 MiB at a time, and times it. */
    public static Result measure(Path file, long maxBytes) throws IOException {
        return measure(file, 0, maxBytes, DEFAULT_READ_BYTES, 1);
    }

    /**
     * Reads {@code maxBytes} from the middle of {@code file} the way the layer reader does (its read size and
     * reads in flight): the rate streaming can expect from this disk now.
     */
    public static Result measureAsStreamed(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        return measure(file, Math.max(0, size / 2 - maxBytes / 2), maxBytes, LayerReader.READ_BYTES,
                LayerReader.READS_IN_FLIGHT);
    }

    /**
     * Reads {@code maxBytes} of {@code file} from {@code start} (rounded down to the alignment; less where the
     * file ends) in reads of {@code readBytes}, {@code inFlight} outstanding at once, and times it.
     */
    public static Result measure(Path file, long start, long maxBytes, int readBytes, int inFlight) throws IOException {
        if (readBytes % SlotLoader.ALIGNMENT != 0 || inFlight < 1) {
            throw new IllegalArgumentException("reads must be whole 4 KiB pages and at least one in flight");
        }
        FileChannel direct = DirectIo.open(file);
        if (direct == null) {
            NativeIo.dropFromPageCache(file);
        }
        try (FileChannel channel = direct != null ? direct : FileChannel.open(file, StandardOpenOption.READ);
                Arena arena = Arena.ofShared()) {
            long from = start / SlotLoader.ALIGNMENT * SlotLoader.ALIGNMENT;
            long end = Math.min(channel.size(), from + maxBytes);
            AtomicLong next = new AtomicLong(from);
            AtomicLong read = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            List<IOException> failures = new ArrayList<>();
            long began = System.nanoTime();
            for (int i = 0; i < inFlight; i++) {
                MemorySegment buffer = arena.allocate(readBytes, SlotLoader.ALIGNMENT);
                readers.add(Thread.ofPlatform().name("cairn-disk-probe-" + i).start(() -> {
                    try {
                        for (long at = next.getAndAdd(readBytes); at < end; at = next.getAndAdd(readBytes)) {
                            int n = channel.read(buffer.asByteBuffer(), at);
                            read.addAndGet(Math.max(0, Math.min(n, end - at)));
                        }
                    } catch (IOException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Thread t : readers) {
                t.join();
            }
            long nanos = System.nanoTime() - began;
            if (!failures.isEmpty()) {
                throw failures.getFirst();
            }
            return new Result(read.get(), nanos, direct != null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring the disk", e);
        }
    }
}
