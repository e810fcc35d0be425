package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;

/**
 * Time to first token from events alone: a generation starts with the first layer request after no pass
 * has ended for {@link #IDLE_NANOS} (or the first request of all), and its first token is ready at the
 * pass end that follows. Within a generation passes follow each other a sampling step apart, so that quiet
 * gap only appears between generations; reads the prefetcher starts meanwhile do not count.
 */
final class FirstTokenClock {

    static final long IDLE_NANOS = 500_000_000L;

    private boolean passEnded;
    private long lastPassEnd;
    private long requestedAt;
    private boolean waitingForPass;
    private long latest = -1;

    void accept(EventType type, long at) {
        if (type == EventType.LAYER_REQUEST && !waitingForPass
                && (!passEnded || at - lastPassEnd >= IDLE_NANOS)) {
            requestedAt = at;
            waitingForPass = true;
        } else if (type == EventType.PASS_END) {
            if (waitingForPass) {
                latest = at - requestedAt;
                waitingForPass = false;
            }
            passEnded = true;
            lastPassEnd = at;
        }
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
