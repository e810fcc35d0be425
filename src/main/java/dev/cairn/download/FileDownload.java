package dev.cairn.download;

import dev.cairn.runtime.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
        PartWriter writer = PartWriter.after(channel, downloader.storage(), part.path(), start, listener);
        HeaderProbe probe = new HeaderProbe(request.target(), request.contextCap());
        if (total >= 0 && writer.length() >= total) {
            probe.after(channel, writer.length(), total).ifPresent(listener::header); // all had arrived when the last run stopped
        }
        int failures = 0;
        while (total < 0 || writer.length() < total || probe.report().isEmpty()) {
            if (stop.stopped()) {
                return stopped();
            }
            HubHttp.Exchange<InputStream> answer;
            try {
                answer = downloader.http().send(request.file().url(), rangeHeaders(writer.length()),
                        status -> status == 200 || status == 206 || status == 416, what, stop);
            } catch (DownloadException e) {
                if (stop.stopped()) {
                    return stopped();
                }
                failures = retryOrThrow(e, ++failures, writer.length());
                continue;
            }
            HttpResponse<InputStream> response = answer.response();
            long from = startOf(response, writer.length());
            if (from < 0) {
                response.body().close();
                if (total >= 0 && writer.length() == total && response.statusCode() == 416) {
                    probe.after(channel, writer.length(), total).ifPresent(listener::header);
                    break; // everything had arrived before the last run stopped
                }
                listener.note("the server could not continue at " + Bytes.format(writer.length()) + "; starting again from zero");
                restart(writer);
                continue;
            }
            if (from == 0 && writer.length() > 0) {
                listener.note(restartReason(response));
                restart(writer);
            }
            learn(answer, writer.length());
            requireRoom(total - writer.length());
            long before = writer.length();
            try {
                copy(response, writer, probe);
            } catch (StreamBroken broken) {
                writer.flush();
                if (stop.stopped()) {
                    return stopped();
                }
                failures = retryOrThrow(new DownloadException(DownloadException.Kind.NETWORK, what + ": the connection dropped after "
                        + Bytes.format(writer.length()) + (total >= 0 ? " of " + Bytes.format(total) : "") + " ("
                        + Urls.describe(broken.getCause()) + ")", broken.getCause()), writer.length() > before ? 1 : ++failures, writer.length());
                continue;
            }
            if (total < 0) {
                total = writer.length(); // no size announced: the body's end is the file's
            } else if (writer.length() < total && writer.length() == before) {
                failures = retryOrThrow(new DownloadException(DownloadException.Kind.NETWORK, what
                        + ": the server ended its answer without sending anything"), ++failures, writer.length());
                continue;
            }
            probe.after(channel, writer.length(), total).ifPresent(listener::header);
        }
        return finish(writer);
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
     * Copies the body onto the end of the part. A watchdog closes the body when it sends nothing for the
     * stall timeout, which then counts as a dropped connection.
     */
    private void copy(HttpResponse<InputStream> response, PartWriter writer, HeaderProbe probe)
            throws DownloadException, IOException, StreamBroken {
        byte[] buffer = new byte[BUFFER];
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
                    throw new StreamBroken(stalled ? new IOException("nothing arrived for "
                            + Progress.duration(downloader.stallTimeout().toSeconds()), e) : e);
                }
                lastRead.set(downloader.clock().getAsLong());
                if (n < 0) {
                    writer.flush();
                    return;
                }
                writer.append(buffer, n);
                listener.progress(new Progress(writer.length(), total, rate.record(writer.length())));
                if (probe.due(writer.length(), total)) {
                    writer.flush();
                    probe.after(writer.channel(), writer.length(), total).ifPresent(listener::header);
                }
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

    private void restart(PartWriter writer) throws IOException {
        writer.restart();
        rate.reset();
    }

    private Result finish(PartWriter writer) throws IOException, DownloadException {
        String actual = writer.finish();
        if (expectedSha.isPresent() && !expectedSha.get().equals(actual)) {
            throw new DownloadException(DownloadException.Kind.CHECKSUM, request.target().getFileName()
                    + ": the SHA-256 of what arrived is " + actual + ", not the expected " + expectedSha.get()
                    + "; nothing was kept");
        }
        writer.channel().close();
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
        StreamBroken(IOException cause) {
            super(cause);
        }
    }
}
