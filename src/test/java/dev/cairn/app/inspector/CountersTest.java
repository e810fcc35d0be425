package dev.cairn.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.metrics.MetricsSnapshot;
import org.junit.jupiter.api.Test;

/** The counters describe the last two seconds, and the whole run while the engine is idle. */
class CountersTest {

    private static MetricsSnapshot at(double seconds, long tokens, long requests, long syncLoads, long bytesRead) {
        return new MetricsSnapshot((long) (seconds * 1e9), tokens, tokens, requests, requests - syncLoads, syncLoads,
                syncLoads * 1_000_000, bytesRead, 0, 0, 0, requests * 1_000_000, 300, 400, 1000, 0, 0);
    }

    @Test
    void ratesAndRatiosCoverTheLastTwoSeconds() {
        Counters counters = new Counters();
        counters.add(at(0, 0, 0, 0, 0));
        counters.add(at(1, 10, 40, 0, 1_000));
        counters.add(at(2, 30, 120, 8, 5_000));
        Counters.Values values = counters.add(at(3, 40, 160, 8, 6_000));

        assertEquals(15, values.tokensPerSecond(), 1e-9, "30 tokens from second 1 to 3");
        assertEquals(2_500, values.readBytesPerSecond(), 1e-9);
        assertEquals(1 - 8 / 120.0, values.hitRate(), 1e-12);
        assertEquals(8 / 30.0, values.syncLoadsPerToken(), 1e-12);
        assertEquals(8 / (8 + 120.0), values.ioWaitShare(), 1e-12);
        assertEquals(300, values.cacheBytes());
        assertEquals(1000, values.budgetBytes());
    }

    @Test
    void uploadRateAndBusBoundSpeedComeFromTheUploadTime() {
        Counters counters = new Counters();
        counters.add(new MetricsSnapshot(1_000_000_000L, 10, 10, 40, 40, 0, 0, 0, 0, 0, 0, 0, 300, 400, 1000,
                4_000_000, 100_000_000L));
        Counters.Values values = counters.add(new MetricsSnapshot(2_000_000_000L, 30, 30, 120, 120, 0, 0, 0, 0, 0, 0, 0,
                300, 400, 1000, 12_000_000, 300_000_000L));
        assertEquals(12_000_000 / 0.3, values.uploadBytesPerSecond(), 1e-3, "bytes per second of upload time");
        assertEquals(30 / 0.3, values.busBoundTokensPerSecond(), 1e-9, "tokens if uploads were their only cost");
        assertTrue(Double.isNaN(new Counters().add(at(1, 10, 40, 0, 1_000)).uploadBytesPerSecond()), "no uploads: unknown");
    }

    @Test
    void theFirstWindowRunsFromTheEnginesStart() {
        Counters.Values first = new Counters().add(at(0.5, 20, 80, 4, 2_000));
        assertEquals(40, first.tokensPerSecond(), 1e-9, "20 tokens since the engine started half a second ago");
        assertEquals(4_000, first.readBytesPerSecond(), 1e-9);
        assertEquals(0.95, first.hitRate(), 1e-12);
    }

    @Test
    void ratiosFallBackToTheWholeRunWhenNothingWasRequestedLately() {
        Counters counters = new Counters();
        counters.add(at(0, 0, 0, 0, 0));
        counters.add(at(1, 10, 40, 4, 1_000));
        counters.add(at(4, 10, 40, 4, 1_000));
        Counters.Values idle = counters.add(at(6, 10, 40, 4, 1_000));

        assertEquals(0, idle.tokensPerSecond());
        assertEquals(0.9, idle.hitRate(), 1e-12, "not a perfect 1 for an idle window");
        assertEquals(0.4, idle.syncLoadsPerToken(), 1e-12);
    }
}
