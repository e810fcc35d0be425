package dev.cairn.download;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/** Bytes per second over the last few seconds: steady enough to read, quick to follow a change. */
final class RateMeter {

    private static final long WINDOW_NANOS = 5_000_000_000L;
    private static final long SAMPLE_NANOS = 100_000_000L;

    private record Sample(long nanos, long bytes) {
    }

    private final LongSupplier clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    RateMeter(LongSupplier clock) {
        this.clock = clock;
    }

    /** Notes that {@code bytes} have arrived in all and returns the current rate. */
    double record(long bytes) {
        long now = clock.getAsLong();
        if (samples.isEmpty() || now - samples.getLast().nanos() >= SAMPLE_NANOS) {
            samples.addLast(new Sample(now, bytes));
        }
        while (samples.size() > 2 && now - samples.getFirst().nanos() > WINDOW_NANOS) {
            samples.removeFirst();
        }
        Sample first = samples.getFirst();
        long elapsed = now - first.nanos();
        return elapsed <= 0 ? 0 : (bytes - first.bytes()) * 1e9 / elapsed;
    }

    /** Starts over (after a pause, or when a download restarts from zero). */
    void reset() {
        samples.clear();
    }
}
