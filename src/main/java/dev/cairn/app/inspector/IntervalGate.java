package dev.cairn.app.inspector;

/** Lets something happen at most once per interval: frames at most 30 times a second, counter refreshes less. */
final class IntervalGate {

    /** Between frames: at most 30 redraws per second. */
    static final long FRAME_NANOS = 33_000_000L;

    private final long intervalNanos;
    private boolean opened;
    private long last;

    IntervalGate(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether it may happen at {@code now} (nanoTime); if so, the next time must wait the interval. */
    boolean open(long now) {
        if (opened && now - last < intervalNanos) {
            return false;
        }
        opened = true;
        last = now;
        return true;
    }
}
