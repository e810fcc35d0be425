package dev.cairn.download;

import dev.cairn.gguf.GgufWriter;
import dev.cairn.runtime.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A download's bytes going into its part file, with the SHA-256 of all of them so far. Where a write fails
 * (a full disk above all) the message says so and how much is kept.
 *
 * <p>Bytes reach the file in whole {@link GgufWriter#PIECE}s at offsets that are multiples of it; the last piece, and
 * what has arrived when the header is checked, the connection drops or the download pauses, are written
 * when {@link #flush}ed. Written in the small pieces a connection delivers, a file stays in the page cache in
 * small folios and a model maps as 4 KiB pages for as long as it stays cached; written in 2 MiB pieces at
 * 2 MiB offsets it maps as 2 MiB pages, which decoded and streamed faster here (README, "Page size").
 */
final class PartWriter {

    private static final int BUFFER = 256 << 10;
    private static final int PIECE = GgufWriter.PIECE;

    private final FileChannel channel;
    private final Storage storage;
    private final Path part;
    private final MessageDigest sha = Sha256.digest();
    private final ByteBuffer pending = ByteBuffer.allocate(PIECE); // bytes after the written ones, up to the next piece's end
    private long written;

    private PartWriter(FileChannel channel, Storage storage, Path part) {
        this.channel = channel;
        this.storage = storage;
        this.part = part;
    }

    /** A writer going on after the part's first {@code keep} bytes, which are hashed again first. */
    static PartWriter after(FileChannel channel, Storage storage, Path part, long keep, DownloadListener listener) throws IOException {
        PartWriter writer = new PartWriter(channel, storage, part);
        channel.truncate(keep);
        if (keep > 0) {
            listener.note("checking the " + Bytes.format(keep) + " already here");
        }
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        while (writer.written < keep) {
            buffer.clear().limit((int) Math.min(BUFFER, keep - writer.written));
            int n = channel.read(buffer, writer.written);
            if (n < 0) {
                throw new IOException(part + " is shorter than it was");
            }
            writer.sha.update(buffer.array(), 0, n);
            writer.written += n;
        }
        return writer;
    }

    /** Bytes that have arrived: those in the part and those held back for the current piece. */
    long length() {
        return written + pending.position();
    }

    FileChannel channel() {
        return channel;
    }

    /** Appends {@code n} bytes of {@code buffer}, writing every piece they complete. */
    void append(byte[] buffer, int n) throws DownloadException {
        for (int at = 0; at < n; ) {
            int take = (int) Math.min(n - at, PIECE - written % PIECE - pending.position());
            pending.put(buffer, at, take);
            at += take;
            if (written % PIECE + pending.position() == PIECE) {
                flush();
            }
        }
        sha.update(buffer, 0, n);
    }

    /** Writes the bytes held back, so that the part file holds everything that has arrived. */
    void flush() throws DownloadException {
        pending.flip();
        try {
            while (pending.hasRemaining()) {
                written += storage.write(channel, pending, written);
            }
        } catch (IOException e) {
            throw failure(e);
        } finally {
            pending.compact();
        }
    }

    private DownloadException failure(IOException e) {
        String message = Urls.describe(e);
        String kept = "; the " + Bytes.format(written) + " that arrived are kept: free some space and run it again to resume";
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return new DownloadException(DownloadException.Kind.NO_SPACE, part.getParent() + ": the disk is full (" + message + ")"
                    + kept, e);
        }
        return new DownloadException(DownloadException.Kind.DISK, part + ": cannot write (" + message + ")" + kept, e);
    }

    /** Empties the part to start the file again from its first byte. */
    void restart() throws IOException {
        channel.truncate(0);
        sha.reset();
        pending.clear();
        written = 0;
    }

    /** The SHA-256 of everything written, once it is all on disk. */
    String finish() throws IOException, DownloadException {
        flush();
        channel.force(true);
        return Sha256.hex(sha);
    }
}
