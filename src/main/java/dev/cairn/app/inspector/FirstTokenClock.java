package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;

/**
 * Time to first token from events alone: a generation starts with the first layer request after the
 * engine has been quiet for {@link #IDLE_NANOS} (or the first request ever), and its first token is ready
 * at the pass end that follows. Within a generation events are at most a sampling step apart, so the
 * quiet gap only appears between generations.
 */
final class FirstTokenClock {

    static final long IDLE_NANOS = 500_000_000L;

    private boolean seenAny;
    private long lastEvent;
    private long requestedAt;
    private boolean waitingForPass;
    private long latest = -1;

    void accept(EventType type, long at) {
        boolean idle = !seenAny || at - lastEvent >= IDLE_NANOS;
        if (type == EventType.LAYER_REQUEST && idle) {
            requestedAt = at;
            waitingForPass = true;
        } else if (type == EventType.PASS_END && waitingForPass) {
            latest = at - requestedAt;
            waitingForPass = false;
        }
        seenAny = true;
        lastEvent = Math.max(lastEvent, at);
    }

    /** Events were lost: a pending generation's pass end may be among them, or its first request. */
    void lost() {
        waitingForPass = false;
    }

    /** The latest generation's time to first token in nanoseconds, or -1 before the first one. */
    long latestNanos() {
        return latest;
    }
}
