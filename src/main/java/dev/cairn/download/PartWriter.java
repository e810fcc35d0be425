package dev.cairn.download;

import dev.cairn.runtime.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A download's bytes going into its part file, with the SHA-256 of all of them so far. Where a write fails
 * (a full disk above all) the message says so and how much is kept.
 */
final class PartWriter {

    private static final int BUFFER = 256 << 10;

    private final FileChannel channel;
    private final Storage storage;
    private final Path part;
    private final MessageDigest sha = Sha256.digest();
    private long length;

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
        while (writer.length < keep) {
            buffer.clear().limit((int) Math.min(BUFFER, keep - writer.length));
            int n = channel.read(buffer, writer.length);
            if (n < 0) {
                throw new IOException(part + " is shorter than it was");
            }
            writer.sha.update(buffer.array(), 0, n);
            writer.length += n;
        }
        return writer;
    }

    /** Bytes in the part. */
    long length() {
        return length;
    }

    FileChannel channel() {
        return channel;
    }

    /** Appends {@code n} bytes of {@code buffer}. */
    void append(byte[] buffer, int n) throws DownloadException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        try {
            while (bytes.hasRemaining()) {
                length += storage.write(channel, bytes, length);
            }
        } catch (IOException e) {
            throw failure(e);
        }
        sha.update(buffer, 0, n);
    }

    private DownloadException failure(IOException e) {
        String message = Urls.describe(e);
        String kept = "; the " + Bytes.format(length) + " that arrived are kept: free some space and run it again to resume";
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
        length = 0;
    }

    /** The SHA-256 of everything written, once it is all on disk. */
    String finish() throws IOException {
        channel.force(true);
        return Sha256.hex(sha);
    }
}
