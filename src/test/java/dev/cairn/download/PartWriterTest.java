package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.gguf.GgufWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part file gets whole 2 MiB pieces at 2 MiB offsets, whatever sizes the connection delivers. */
class PartWriterTest {

    private static final int PIECE = GgufWriter.PIECE;

    @TempDir
    Path dir;

    /** The (start, end) of every write, and the disk underneath. */
    private final List<long[]> writes = new ArrayList<>();
    private final Storage recording = new RoomyDisk() {
        @Override
        public int write(FileChannel part, ByteBuffer bytes, long position) throws IOException {
            int n = part.write(bytes, position);
            writes.add(new long[] {position, position + n});
            return n;
        }
    };

    @Test
    void writesWholeAlignedPiecesThenTheRestWhenFinished() throws Exception {
        byte[] file = bytes(2 * PIECE + 123_457);
        Path part = dir.resolve("m.gguf.part");
        String sha;
        try (FileChannel channel = recording.open(part)) {
            PartWriter writer = PartWriter.after(channel, recording, part, 0, new DownloadListener() { });
            appendInUnevenChunks(writer, file, 0);
            assertEquals(file.length, writer.length());
            assertEquals(List.of("0-" + PIECE, PIECE + "-" + 2 * PIECE), spans());
            sha = writer.finish();
        }
        assertEquals(List.of("0-" + PIECE, PIECE + "-" + 2 * PIECE, 2 * PIECE + "-" + file.length), spans());
        assertArrayEquals(file, Files.readAllBytes(part));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), sha);
    }

    @Test
    void aFlushWritesWhatHasArrivedAndTheNextPieceEndsOnTheBoundaryAgain() throws Exception {
        byte[] file = bytes(2 * PIECE);
        Path part = dir.resolve("m.gguf.part");
        try (FileChannel channel = recording.open(part)) {
            PartWriter writer = PartWriter.after(channel, recording, part, 0, new DownloadListener() { });
            writer.append(file, 70_000);
            writer.flush();
            byte[] rest = Arrays.copyOfRange(file, 70_000, file.length);
            appendInUnevenChunks(writer, rest, 1);
            writer.finish();
        }
        assertEquals(List.of("0-70000", "70000-" + PIECE, PIECE + "-" + 2 * PIECE), spans());
        assertArrayEquals(file, Files.readAllBytes(part));
    }

    @Test
    void aResumedPartFirstFillsItsPieceUpToTheBoundary() throws Exception {
        byte[] file = bytes(PIECE + 5000);
        Path part = dir.resolve("m.gguf.part");
        Files.write(part, Arrays.copyOf(file, 300_000));
        String sha;
        try (FileChannel channel = recording.open(part)) {
            PartWriter writer = PartWriter.after(channel, recording, part, 300_000, new DownloadListener() { });
            appendInUnevenChunks(writer, Arrays.copyOfRange(file, 300_000, file.length), 2);
            sha = writer.finish();
        }
        assertEquals(List.of("300000-" + PIECE, PIECE + "-" + file.length), spans());
        assertArrayEquals(file, Files.readAllBytes(part));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), sha);
    }

    /** Appends {@code bytes} in chunks of 1 to 300,000 bytes, as a connection might deliver them. */
    private static void appendInUnevenChunks(PartWriter writer, byte[] bytes, long seed) throws DownloadException {
        Random random = new Random(seed);
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(300_000));
            writer.append(Arrays.copyOfRange(bytes, at, at + n), n);
            at += n;
        }
    }

    private List<String> spans() {
        return writes.stream().map(w -> w[0] + "-" + w[1]).toList();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }
}
