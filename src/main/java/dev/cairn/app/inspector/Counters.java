package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.MetricsSnapshot;
import java.util.ArrayDeque;

/**
 * The inspector's counters over the last {@link #WINDOW_NANOS} of snapshots (or since the engine started,
 * while it is younger than that): rates describe that window; the ratios too, unless no layer was
 * requested in it, when they describe the whole run instead of reading as a perfect score while idle.
 */
final class Counters {

    static final long WINDOW_NANOS = 2_000_000_000L;

    /** The figures shown, computed from one window. */
    record Values(double hitRate, double syncLoadsPerToken, double ioWaitShare, double readBytesPerSecond,
            double tokensPerSecond, long cacheBytes, long budgetBytes, double uploadBytesPerSecond,
            double busBoundTokensPerSecond) {
    }

    /** Where every engine's totals start: its first window runs from its start, not from the first look. */
    private static final MetricsSnapshot START = new MetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private final ArrayDeque<MetricsSnapshot> history = new ArrayDeque<>();

    Counters() {
        history.add(START);
    }

    Values add(MetricsSnapshot now) {
        history.addLast(now);
        while (history.size() > 1 && now.elapsedNanos() - history.getFirst().elapsedNanos() > WINDOW_NANOS) {
            history.removeFirst();
        }
        MetricsSnapshot window = now.minus(history.getFirst());
        MetricsSnapshot ratios = window.requests() == 0 ? now : window;
        return new Values(ratios.hitRate(), ratios.syncLoadsPerToken(), ratios.ioWaitShare(),
                window.readBytesPerSecond(), window.tokensPerSecond(), now.cacheBytes(), now.budgetBytes(),
                window.uploadBytesPerSecond(), window.busBoundTokensPerSecond());
    }
}
