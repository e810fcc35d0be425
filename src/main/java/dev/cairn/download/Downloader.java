package dev.cairn.download;

import java.util.function.LongSupplier;

/**
 * Makes {@link FileDownload}s: the HTTP client (with the hub's token), the destination's disk, and how
 * often a dropped connection is retried.
 */
public final class Downloader {

    private final HubHttp http;
    private final Storage storage;
    private final Retry retry;
    private final LongSupplier clock;

    public Downloader(HubClient hub, Retry retry) {
        this(hub.http(), Storage.DISK, retry, System::nanoTime);
    }

    Downloader(HubHttp http, Storage storage, Retry retry, LongSupplier clock) {
        this.http = http;
        this.storage = storage;
        this.retry = retry;
        this.clock = clock;
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
}
