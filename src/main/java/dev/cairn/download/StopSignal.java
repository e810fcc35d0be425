package dev.cairn.download;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How another thread stops a download at once: the request waiting for its answer is cancelled, the
 * body being read is closed (its read then fails), and a wait before a retry ends. No thread is
 * interrupted, so the file being written is never closed under the writer.
 */
final class StopSignal {

    private boolean stopped;
    private Closeable current;

    synchronized boolean stopped() {
        return stopped;
    }

    void stop() {
        Closeable toClose;
        synchronized (this) {
            stopped = true;
            toClose = current;
            current = null;
            notifyAll();
        }
        closeQuietly(toClose);
    }

    /** Until {@link #release}: the request in flight, which {@link #stop} cancels. */
    void track(CompletableFuture<?> request) {
        track(() -> request.cancel(true));
    }

    /** Until {@link #release}: the body being read, which {@link #stop} closes. */
    void track(Closeable resource) {
        boolean closeNow;
        synchronized (this) {
            closeNow = stopped;
            current = closeNow ? null : resource;
        }
        if (closeNow) {
            closeQuietly(resource);
        }
    }

    synchronized void release() {
        current = null;
    }

    /** Waits {@code delay}, or less when stopped; returns whether it was stopped. */
    synchronized boolean sleep(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        while (!stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return true;
    }

    private static void closeQuietly(Closeable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (IOException ignored) {
                // closing is how the reader is stopped; its failure changes nothing
            }
        }
    }
}
