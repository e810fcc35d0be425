package dev.cairn.app.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The threads engine work runs on, so the FX thread never waits: {@link #engine()} runs one thing at a
 * time (generation with the loaded model, closing a model) and {@link #background()} runs file work
 * (reading metadata, measuring the disk, loading a model) that may overlap.
 */
public final class EngineThreads implements AutoCloseable {

    private final ExecutorService engine = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cairn-engine").factory());
    private final ExecutorService background = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("cairn-background-", 0).factory());

    public ExecutorService engine() {
        return engine;
    }

    public ExecutorService background() {
        return background;
    }

    @Override
    public void close() {
        background.shutdownNow();
        engine.shutdown();
        try {
            engine.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
