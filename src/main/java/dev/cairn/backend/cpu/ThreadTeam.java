package dev.cairn.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed team of worker threads that run one data-parallel loop at a time. The calling thread works
 * too, so a team of size 1 runs everything inline. Work is split into chunks claimed from an atomic
 * counter, which balances uneven rows without allocating anything per call.
 */
public final class ThreadTeam implements AutoCloseable {

    private final Thread[] workers;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger pendingWorkers = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile IntConsumer body;
    private volatile int chunkCount;
    private volatile Throwable failure;

    public ThreadTeam(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("cairn-compute-" + (i + 1)).start(this::workLoop);
        }
    }

    public int size() {
        return workers.length + 1;
    }

    /** Runs {@code chunkBody.accept(c)} for every chunk {@code c} in {@code [0, chunks)} and waits for all. */
    public void parallelFor(int chunks, IntConsumer chunkBody) {
        if (workers.length == 0 || chunks == 1) {
            for (int c = 0; c < chunks; c++) {
                chunkBody.accept(c);
            }
            return;
        }
        body = chunkBody;
        chunkCount = chunks;
        failure = null;
        nextChunk.set(0);
        pendingWorkers.set(workers.length);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        try {
            runChunks();
        } catch (Throwable t) {
            failure = t;
            nextChunk.set(Integer.MAX_VALUE / 2);
        }
        // Workers usually finish within microseconds of the caller; yield only when they lag (say, the
        // machine is busy with other work), so a descheduled worker is not starved by our spinning.
        for (int spins = 0; pendingWorkers.get() > 0; spins++) {
            if (spins < 10_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        body = null;
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("compute worker failed", t);
        }
    }

    private void runChunks() {
        IntConsumer b = body;
        int n = chunkCount;
        for (int c = nextChunk.getAndIncrement(); c < n; c = nextChunk.getAndIncrement()) {
            b.accept(c);
        }
    }

    private void workLoop() {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                runChunks();
            } catch (Throwable t) {
                failure = t;
                nextChunk.set(Integer.MAX_VALUE / 2);
            } finally {
                pendingWorkers.decrementAndGet();
            }
        }
    }

    /** Worker threads still running (the caller's own thread not counted). */
    int workersAlive() {
        int alive = 0;
        for (Thread w : workers) {
            alive += w.isAlive() ? 1 : 0;
        }
        return alive;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        for (Thread w : workers) {
            try {
                w.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
