package dev.cairn.download;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Downloads one after another on a thread of their own. Each is a {@link Job} that can be paused (what
 * arrived is kept), resumed, cancelled (nothing is kept) or tried again after a failure; each keeps the
 * {@link Downloader} it was queued with, so a changed token or hub applies to the downloads queued after.
 */
public final class DownloadQueue implements AutoCloseable {

    public enum State { QUEUED, RUNNING, PAUSED, DONE, FAILED, CANCELLED }

    /** What a job reports, on the queue's thread. */
    public interface JobListener extends DownloadListener {
        /** The job's {@link Job#state()} changed. */
        void changed(Job job);
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cairn-downloads").factory());
    private volatile Job current;

    /** Queues {@code request}, to be fetched by {@code downloader} (the hub and token it was made with). */
    public Job add(Downloader downloader, DownloadRequest request, JobListener listener) {
        Job job = new Job(downloader, request, listener, State.QUEUED);
        worker.execute(job::run);
        return job;
    }

    /** A job that waits for {@link Job#resume()}: a download an earlier run of the app left unfinished. */
    public Job addPaused(Downloader downloader, DownloadRequest request, JobListener listener) {
        return new Job(downloader, request, listener, State.PAUSED);
    }

    public final class Job {
        private final Downloader downloader;
        private final DownloadRequest request;
        private final JobListener listener;
        private State state;
        private FileDownload running;
        private FileDownload.Result result;
        private DownloadException failure;

        private Job(Downloader downloader, DownloadRequest request, JobListener listener, State state) {
            this.downloader = downloader;
            this.request = request;
            this.listener = listener;
            this.state = state;
        }

        public DownloadRequest request() {
            return request;
        }

        public synchronized State state() {
            return state;
        }

        /** How it ended, once {@link State#DONE}. */
        public synchronized Optional<FileDownload.Result> result() {
            return Optional.ofNullable(result);
        }

        /** Why it stopped, once {@link State#FAILED}. */
        public synchronized Optional<DownloadException> failure() {
            return Optional.ofNullable(failure);
        }

        public void pause() {
            FileDownload download;
            synchronized (this) {
                if (state == State.QUEUED) {
                    state = State.PAUSED;
                }
                download = state == State.RUNNING ? running : null;
            }
            if (download != null) {
                download.pause();
            } else {
                listener.changed(this);
            }
        }

        /** Queues it again after a pause or a failure; it resumes from what arrived. */
        public void resume() {
            synchronized (this) {
                if (state != State.PAUSED && state != State.FAILED) {
                    return;
                }
                state = State.QUEUED;
                failure = null;
            }
            listener.changed(this);
            worker.execute(this::run);
        }

        public void cancel() {
            FileDownload download;
            synchronized (this) {
                download = state == State.RUNNING ? running : null;
                if (download == null && state != State.DONE && state != State.CANCELLED) {
                    state = State.CANCELLED;
                    worker.execute(this::discard);
                }
            }
            if (download != null) {
                download.cancel();
            }
            listener.changed(this);
        }

        private void discard() {
            try {
                new PartFile(request.target()).delete();
            } catch (IOException e) {
                listener.note("could not delete " + new PartFile(request.target()).path() + ": " + Urls.describe(e));
            }
        }

        private void run() {
            FileDownload download = downloader.download(request, listener);
            synchronized (this) {
                if (state != State.QUEUED) {
                    return;
                }
                state = State.RUNNING;
                running = download;
            }
            current = this;
            listener.changed(this);
            State end;
            try {
                FileDownload.Result outcome = download.run();
                synchronized (this) {
                    result = outcome;
                }
                end = switch (outcome.status()) {
                    case DONE -> State.DONE;
                    case PAUSED -> State.PAUSED;
                    case CANCELLED -> State.CANCELLED;
                };
            } catch (DownloadException e) {
                synchronized (this) {
                    failure = e;
                }
                end = State.FAILED;
            }
            synchronized (this) {
                state = end;
                running = null;
            }
            current = null;
            listener.changed(this);
        }
    }

    /** Pauses the running download (what arrived is kept for a later start) and drops the queued ones. */
    @Override
    public void close() {
        Job running = current;
        if (running != null) {
            running.pause();
        }
        worker.shutdownNow();
    }
}
