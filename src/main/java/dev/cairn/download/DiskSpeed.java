package dev.cairn.download;

import dev.cairn.runtime.cache.DiskProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * How fast the models folder's disk reads, for the streaming forecast before a model is there: the
 * wizard's {@link DiskProbe} over the largest model already in the folder, or else over a temporary file
 * written for it (random bytes, so a compressing file system cannot shrink it).
 */
public final class DiskSpeed {

    /** What the wizard reads of a model to time the disk. */
    static final long SAMPLE_BYTES = 64L << 20;

    private DiskSpeed() {
    }

    public static DiskProbe.Result measure(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path model;
        try (Stream<Path> files = Files.walk(folder, 4)) {
            model = files.filter(f -> f.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(f))
                    .filter(f -> size(f) >= SAMPLE_BYTES).max(Comparator.comparingLong(DiskSpeed::size)).orElse(null);
        }
        if (model != null) {
            return DiskProbe.measure(model, SAMPLE_BYTES);
        }
        Path sample = Files.createTempFile(folder, ".cairn-disk-probe", ".tmp");
        try {
            write(sample);
            return DiskProbe.measure(sample, SAMPLE_BYTES);
        } finally {
            Files.deleteIfExists(sample);
        }
    }

    private static void write(Path sample) throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel out = FileChannel.open(sample, StandardOpenOption.WRITE)) {
            for (long written = 0; written < SAMPLE_BYTES; written += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.putLong(random.nextLong());
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
