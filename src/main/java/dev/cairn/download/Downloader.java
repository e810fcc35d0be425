package dev.cairn.download;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Makes {@link FileDownload}s: the HTTP client (with the hub's token), the destination's disk, how often
 * a dropped connection is retried, and how long a connection may send nothing before it counts as dropped.
 */
public final class Downloader {

    /** A connection that sends nothing for this long is dropped and the download resumed on a new one. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    /** Checks every download's connection for a stall; one daemon thread for them all. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cairn-download-watchdog").factory());

    private final HubHttp http;
    private final Storage storage;
    private final Retry retry;
    private final LongSupplier clock;
    private final Duration stallTimeout;

    public Downloader(HubClient hub, Retry retry) {
        this(hub.http(), Storage.DISK, retry, System::nanoTime, STALL_TIMEOUT);
    }

    Downloader(HubHttp http, Storage storage, Retry retry, LongSupplier clock, Duration stallTimeout) {
        this.http = http;
        this.storage = storage;
        this.retry = retry;
        this.clock = clock;
        this.stallTimeout = stallTimeout;
    }

    /** A download of {@code request}, to {@link FileDownload#run() run} on a thread of the caller's. */
    public FileDownload download(DownloadRequest request, DownloadListener listener) {
        return new FileDownload(this, request, listener);
    }

    HubHttp http() {
        return http;
    }

    Storage storage() {
        return storage;
    }

    Retry retry() {
        return retry;
    }

    LongSupplier clock() {
        return clock;
    }

    Duration stallTimeout() {
        return stallTimeout;
    }

    ScheduledExecutorService watchdog() {
        return WATCHDOG;
    }
}
