package dev.cairn.download;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a download's header as soon as it has arrived: after the first 64 KiB, then each time what has
 * arrived doubles, until the header is all there. A file that is not GGUF fails at the first check.
 */
final class HeaderProbe {

    static final long FIRST_CHECK = 64 << 10;
    /** No model's header is near this; one that goes on past it is refused. */
    static final long MAX_HEADER = 128L << 20;

    private final Path target;
    private final int contextCap;
    private long nextCheck = FIRST_CHECK;
    private Optional<HeaderReport> report = Optional.empty();

    HeaderProbe(Path target, int contextCap) {
        this.target = target;
        this.contextCap = contextCap;
    }

    Optional<HeaderReport> report() {
        return report;
    }

    /** Whether {@link #after} reads the part now: enough has arrived since the last try, or all of it. */
    boolean due(long arrived, long total) {
        return report.isEmpty() && total >= 0 && (arrived >= nextCheck || arrived >= total);
    }

    /**
     * Checks the header when enough has arrived since the last try, or when the file is complete.
     *
     * @param total the file's size; the check waits for the whole file when it is unknown (-1)
     * @return the report when this call completed the check
     */
    Optional<HeaderReport> after(FileChannel part, long arrived, long total) throws DownloadException, IOException {
        if (!due(arrived, total)) {
            return Optional.empty();
        }
        boolean complete = arrived >= total;
        long prefix = Math.min(arrived, MAX_HEADER);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(prefix);
            for (long read = 0; read < prefix; ) {
                int n = part.read(bytes.asSlice(read).asByteBuffer(), read);
                if (n < 0) {
                    throw new IOException("the part file is shorter than what was written to it");
                }
                read += n;
            }
            report = HeaderCheck.check(bytes, total, target, contextCap);
        }
        if (report.isEmpty() && (complete || prefix == MAX_HEADER)) {
            throw new DownloadException(DownloadException.Kind.NOT_RUNNABLE, target.getFileName() + ": its header goes on past "
                    + (complete ? "the end of the file" : "128 MiB") + "; it is not a model Cairn can read");
        }
        nextCheck = arrived * 2;
        return report;
    }
}
