package dev.cairn.app.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes the app's JSON files on a thread of their own, so that typing into a field that is saved as it
 * changes never puts file I/O on the FX thread. Only the latest value per file is written: ten quick
 * edits cost one write. Writes and deletions of one file happen in the order they were asked for.
 */
public final class BackgroundWrites implements AutoCloseable {

    private static final Object DELETE = new Object();

    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cairn-files").factory());
    private final Map<Path, Object> pending = new LinkedHashMap<>(); // file -> latest value, or DELETE

    /** Writes {@code value} to {@code file} as JSON soon (see {@link JsonFiles#write}). */
    public void write(Path file, Object value) {
        enqueue(file, value);
    }

    /** Deletes {@code file} soon, after any write to it asked for before. */
    public void delete(Path file) {
        enqueue(file, DELETE);
    }

    private synchronized void enqueue(Path file, Object value) {
        boolean idle = pending.isEmpty();
        pending.remove(file); // re-inserted last, so the order of the files' latest changes is kept
        pending.put(file, value);
        if (idle) {
            writer.execute(this::drain);
        }
    }

    private void drain() {
        Map<Path, Object> batch;
        synchronized (this) {
            batch = new LinkedHashMap<>(pending);
            pending.clear();
        }
        batch.forEach((file, value) -> {
            try {
                if (value == DELETE) {
                    Files.deleteIfExists(file);
                } else {
                    JsonFiles.write(file, value);
                }
            } catch (IOException | UncheckedIOException e) {
                System.err.println("cairn: could not save " + file + ": " + e.getMessage());
            }
        });
    }

    /** Waits until everything asked for so far is on disk. */
    public void flush() {
        Future<?> done = writer.submit(() -> { });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Finishes the pending writes, then stops the thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
