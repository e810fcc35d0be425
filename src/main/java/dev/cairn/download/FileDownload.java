package dev.cairn.download;

import dev.cairn.runtime.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads one file into its {@code .part} with HTTP range requests, resuming what an earlier run left
 * (after a dropped connection, a pause, or a restart), retrying with back-off, checking the GGUF header
 * as soon as it has arrived and the SHA-256 at the end; the part becomes the file only when all is well.
 * Runs on the calling thread; {@link #pause} and {@link #cancel} stop it from another.
 */
public final class FileDownload {

    /** What a run ended with, unless it failed. */
    public enum Status { DONE, PAUSED, CANCELLED }

    /**
     * @param sha256   the file's SHA-256 as computed here
     * @param verified whether it was checked against a published or given one
     */
    public record Result(Status status, Path file, String sha256, boolean verified) {
    }

    private static final int BUFFER = 256 << 10;

    private final Downloader downloader;
    private final DownloadRequest request;
    private final DownloadListener listener;
    private final PartFile part;
    private final StopSignal stop = new StopSignal();
    private final RateMeter rate;
    private volatile boolean discard;
    private long total;
    private Optional<String> expectedSha;

    FileDownload(Downloader downloader, DownloadRequest request, DownloadListener listener) {
        this.downloader = downloader;
        this.request = request;
        this.listener = listener;
        this.part = new PartFile(request.target());
        this.rate = new RateMeter(downloader.clock());
    }

    /** Stops, keeping what has arrived: running it again resumes. */
    public void pause() {
        stop.stop();
    }

    /** Stops and keeps nothing. */
    public void cancel() {
        discard = true;
        stop.stop();
    }

    public Result run() throws DownloadException {
        Path target = request.target();
        String what = request.file().describe();
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                return alreadyThere(target);
            }
            long have = resumable();
            total = request.file().size() >= 0 ? request.file().size() : part.state().map(PartFile.State::size).orElse(-1L);
            expectedSha = request.sha256().or(() -> request.file().sha256())
                    .or(() -> part.state().map(PartFile.State::sha256).filter(s -> !s.isEmpty()));
            requireRoom(total - have);
            try (FileChannel channel = downloader.storage().open(part.path())) {
                return transfer(channel, have, what);
            }
        } catch (DownloadException e) {
            if (e.kind() == DownloadException.Kind.NOT_RUNNABLE || e.kind() == DownloadException.Kind.CHECKSUM
                    || nothingArrived()) {
                deletePart();
            }
            throw e;
        } catch (IOException e) {
            throw new DownloadException(DownloadException.Kind.DISK, what + ": " + Urls.describe(e), e);
        }
    }

    private boolean nothingArrived() {
        try {
            return part.length() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Result alreadyThere(Path target) throws IOException, DownloadException {
        if (request.file().size() >= 0 && Files.size(target) != request.file().size()) {
            throw new DownloadException(DownloadException.Kind.REQUEST, target + " already exists with "
                    + Bytes.format(Files.size(target)) + ", not the " + Bytes.format(request.file().size())
                    + " the server has: move or delete it first");
        }
        listener.note(target + " is already here");
        return new Result(Status.DONE, target, "", false);
    }

    /** Bytes of an earlier run of this same download that can be kept. */
    private long resumable() throws IOException {
        long have = part.length();
        Optional<PartFile.State> saved = part.state();
        if (have > 0 && saved.map(s -> s.url().equals(request.file().url().toString())).orElse(false)) {
            listener.note("resuming at " + Bytes.format(have) + (saved.get().size() > 0 ? " of " + Bytes.format(saved.get().size()) : ""));
            return have;
        }
        if (have > 0) {
            listener.note("a part from another source was there; starting again from zero");
        }
        part.delete();
        return 0;
    }

    private Result transfer(FileChannel channel, long start, String what) throws IOException, DownloadException {
        long have = start;
        channel.truncate(have);
        MessageDigest sha = digestOf(channel, have);
        HeaderProbe probe = new HeaderProbe(request.target(), request.contextCap());
        if (total >= 0 && have >= total) {
            probe.after(channel, have, total).ifPresent(listener::header); // all had arrived when the last run stopped
        }
        int failures = 0;
        while (total < 0 || have < total || probe.report().isEmpty()) {
            if (stop.stopped()) {
                return stopped();
            }
            HubHttp.Exchange<InputStream> answer;
            try {
                answer = downloader.http().send(request.file().url(), rangeHeaders(have),
                        status -> status == 200 || status == 206 || status == 416, what, stop);
            } catch (DownloadException e) {
                if (stop.stopped()) {
                    return stopped();
                }
                failures = retryOrThrow(e, ++failures, have);
                continue;
            }
            HttpResponse<InputStream> response = answer.response();
            long from = startOf(response, have);
            if (from < 0) {
                if (total >= 0 && have == total && response.statusCode() == 416) {
                    response.body().close();
                    probe.after(channel, have, total).ifPresent(listener::header);
                    break; // everything had arrived before the last run stopped
                }
                response.body().close();
                listener.note("the server could not continue at " + Bytes.format(have) + "; starting again from zero");
                have = restart(channel, sha);
                continue;
            }
            if (from == 0 && have > 0) {
                listener.note(restartReason(response));
                have = restart(channel, sha);
            }
            learn(answer, have);
            requireRoom(total - have);
            long before = have;
            try {
                have = copy(response, channel, sha, have, probe);
            } catch (DownloadException e) {
                throw e;
            } catch (StreamBroken broken) {
                have = broken.have;
                if (stop.stopped()) {
                    return stopped();
                }
                failures = retryOrThrow(new DownloadException(DownloadException.Kind.NETWORK, what + ": the connection dropped after "
                        + Bytes.format(have) + (total >= 0 ? " of " + Bytes.format(total) : "") + " (" + Urls.describe(broken.getCause()) + ")",
                        broken.getCause()), have > before ? 1 : ++failures, have);
                continue;
            }
            if (total < 0) {
                total = have; // no size announced: the body's end is the file's
            } else if (have < total && have == before) {
                failures = retryOrThrow(new DownloadException(DownloadException.Kind.NETWORK, what
                        + ": the server ended its answer without sending anything"), ++failures, have);
                continue;
            }
            probe.after(channel, have, total).ifPresent(listener::header);
        }
        return finish(channel, sha);
    }

    /** The Range and If-Range headers that ask for the rest of the file. */
    private Map<String, String> rangeHeaders(long have) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept-Encoding", "identity");
        if (have > 0) {
            headers.put("Range", "bytes=" + have + "-");
            part.state().map(PartFile.State::validator).filter(v -> !v.isEmpty() && !v.startsWith("W/"))
                    .ifPresent(v -> headers.put("If-Range", v));
        }
        return headers;
    }

    /**
     * Where the answer's body starts in the file: the range's start for 206, 0 for a whole file (200), -1
     * for 416 (range not satisfiable) or a range that is not the one asked for.
     */
    private long startOf(HttpResponse<InputStream> response, long have) {
        int status = response.statusCode();
        if (status == 200) {
            return 0;
        }
        Optional<ContentRange> range = ContentRange.of(response.headers());
        if (status != 206 || range.isEmpty() || range.get().start() != have) {
            return -1;
        }
        if (range.get().total() >= 0) {
            total = range.get().total();
        }
        return have;
    }

    private static String restartReason(HttpResponse<InputStream> response) {
        boolean ranges = response.headers().firstValue("Accept-Ranges").map(v -> v.contains("bytes")).orElse(false);
        return ranges ? "the file changed on the server since the first part arrived; starting again from zero"
                : "the server cannot resume (it ignores range requests); starting again from zero";
    }

    /** Size and hash from the answer and the hub's redirect, saved beside the part for a later resume. */
    private void learn(HubHttp.Exchange<InputStream> answer, long have) throws IOException {
        HttpResponse<InputStream> response = answer.response();
        if (response.statusCode() == 200) {
            response.headers().firstValueAsLong("Content-Length").ifPresent(n -> total = n);
        }
        if (total < 0) {
            answer.linkedSize().ifPresent(n -> total = n);
        }
        expectedSha = request.sha256().or(answer::linkedSha256).or(() -> expectedSha);
        String validator = response.headers().firstValue("ETag").or(() -> response.headers().firstValue("Last-Modified")).orElse("");
        part.save(new PartFile.State(request.file().url().toString(), total, expectedSha.orElse(""), validator));
        if (have == 0) {
            listener.progress(new Progress(0, total, 0));
        }
    }

    /**
     * Copies the body into the part from {@code have} on; returns the new length. A watchdog closes the
     * body when it sends nothing for the stall timeout, which then counts as a dropped connection.
     */
    private long copy(HttpResponse<InputStream> response, FileChannel channel, MessageDigest sha, long have, HeaderProbe probe)
            throws DownloadException, IOException, StreamBroken {
        byte[] buffer = new byte[BUFFER];
        long at = have;
        AtomicLong lastRead = new AtomicLong(downloader.clock().getAsLong());
        long timeout = downloader.stallTimeout().toNanos();
        ScheduledFuture<?> watchdog = downloader.watchdog().scheduleWithFixedDelay(() -> {
            if (downloader.clock().getAsLong() - lastRead.get() > timeout) {
                closeQuietly(response.body());
            }
        }, timeout / 4, timeout / 4, TimeUnit.NANOSECONDS);
        stop.track(response.body());
        try (InputStream body = response.body()) {
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    boolean stalled = downloader.clock().getAsLong() - lastRead.get() > timeout;
                    throw new StreamBroken(at, stalled ? new IOException("nothing arrived for "
                            + Progress.duration(downloader.stallTimeout().toSeconds()), e) : e);
                }
                lastRead.set(downloader.clock().getAsLong());
                if (n < 0) {
                    return at;
                }
                write(channel, buffer, n, at);
                sha.update(buffer, 0, n);
                at += n;
                listener.progress(new Progress(at, total, rate.record(at)));
                probe.after(channel, at, total).ifPresent(listener::header);
            }
        } finally {
            watchdog.cancel(false);
            stop.release();
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing is how a stalled read is ended
        }
    }

    private void write(FileChannel channel, byte[] buffer, int n, long at) throws DownloadException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        long position = at;
        try {
            while (bytes.hasRemaining()) {
                position += downloader.storage().write(channel, bytes, position);
            }
        } catch (IOException e) {
            throw diskFailure(e, position);
        }
    }

    private DownloadException diskFailure(IOException e, long at) {
        String message = Urls.describe(e);
        boolean full = message.contains("No space left") || message.contains("Disk quota exceeded");
        String kept = "; the " + Bytes.format(at) + " that arrived are kept: free some space and run it again to resume";
        return full ? new DownloadException(DownloadException.Kind.NO_SPACE, request.target().getParent() + ": the disk is full ("
                + message + ")" + kept, e)
                : new DownloadException(DownloadException.Kind.DISK, part.path() + ": cannot write (" + message + ")" + kept, e);
    }

    private void requireRoom(long bytes) throws IOException, DownloadException {
        long free = downloader.storage().usableBytes(request.target().getParent());
        if (bytes > free) {
            throw new DownloadException(DownloadException.Kind.NO_SPACE, request.target().getFileName() + " needs "
                    + Bytes.format(bytes) + " more and " + request.target().getParent() + " has " + Bytes.format(free) + " free");
        }
    }

    /** Retries after {@code failure} unless the attempts are used up; returns the count of failures so far. */
    private int retryOrThrow(DownloadException failure, int failures, long have) throws DownloadException {
        Retry retry = downloader.retry();
        if (failure.kind() != DownloadException.Kind.NETWORK || failures > retry.attempts()) {
            if (failure.kind() == DownloadException.Kind.NETWORK && have > 0) {
                throw new DownloadException(failure.kind(), failure.getMessage() + "; the " + Bytes.format(have)
                        + " that arrived are kept: run it again to resume", failure);
            }
            throw failure;
        }
        java.time.Duration wait = retry.delay(failures);
        listener.note(failure.getMessage() + "; trying again in " + Progress.duration(Math.max(0, wait.toSeconds()))
                + " (" + failures + " of " + retry.attempts() + ")");
        rate.reset();
        stop.sleep(wait);
        return failures;
    }

    private long restart(FileChannel channel, MessageDigest sha) throws IOException {
        channel.truncate(0);
        sha.reset();
        rate.reset();
        return 0;
    }

    /** A digest of the part's first {@code bytes}, to go on from. */
    private MessageDigest digestOf(FileChannel channel, long bytes) throws IOException {
        MessageDigest sha = Sha256.digest();
        if (bytes > 0) {
            listener.note("checking the " + Bytes.format(bytes) + " already here");
        }
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        for (long position = 0; position < bytes; ) {
            buffer.clear().limit((int) Math.min(BUFFER, bytes - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException(part.path() + " is shorter than it was");
            }
            sha.update(buffer.array(), 0, n);
            position += n;
        }
        return sha;
    }

    private Result finish(FileChannel channel, MessageDigest sha) throws IOException, DownloadException {
        channel.force(true);
        String actual = Sha256.hex(sha);
        if (expectedSha.isPresent() && !expectedSha.get().equals(actual)) {
            throw new DownloadException(DownloadException.Kind.CHECKSUM, request.target().getFileName()
                    + ": the SHA-256 of what arrived is " + actual + ", not the expected " + expectedSha.get()
                    + "; nothing was kept");
        }
        channel.close();
        part.complete();
        return new Result(Status.DONE, request.target(), actual, expectedSha.isPresent());
    }

    private Result stopped() throws DownloadException {
        if (discard) {
            deletePart();
            return new Result(Status.CANCELLED, request.target(), "", false);
        }
        return new Result(Status.PAUSED, request.target(), "", false);
    }

    private void deletePart() throws DownloadException {
        try {
            part.delete();
        } catch (IOException e) {
            throw new DownloadException(DownloadException.Kind.DISK, part.path() + ": cannot delete (" + Urls.describe(e) + ")", e);
        }
    }

    /** The body stopped before its end (a dropped connection, or a stop). */
    private static final class StreamBroken extends Exception {
        final long have;

        StreamBroken(long have, IOException cause) {
            super(cause);
            this.have = have;
        }
    }

    URI url() {
        return request.file().url();
    }
}
