package dev.cairn.app.inspector;

/** Lets a frame through at most every {@link #MIN_INTERVAL_NANOS}: at most 30 redraws per second. */
final class FrameGate {

    static final long MIN_INTERVAL_NANOS = 33_000_000L;

    private long last = Long.MIN_VALUE;

    /** Whether a frame may be drawn at {@code now}; if so, the next one must wait the interval. */
    boolean open(long now) {
        if (last != Long.MIN_VALUE && now - last < MIN_INTERVAL_NANOS) {
            return false;
        }
        last = now;
        return true;
    }
}
