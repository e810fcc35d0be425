package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Plan step's arithmetic, on a model of four 1000 MB layers (plus 200 MB always resident). */
class PlanEstimateTest {

    private static final long MB = 1_000_000L;
    private static final MemoryPlan PLAN = new MemoryPlan(4096, new long[] {1000 * MB, 1000 * MB, 1000 * MB, 1000 * MB},
            200 * MB, 100 * MB, 50 * MB, 0);

    @Test
    void automaticIsResidentWhenEverythingFitsTheBudget() {
        PlanEstimate estimate = new PlanEstimate(PLAN, Residency.AUTO, 8000 * MB, PLAN.minimumStreamingBudget(), 2, 400 * MB);
        assertEquals(Residency.RESIDENT, estimate.effectiveResidency());
        assertNull(estimate.problem());
        assertEquals(0, estimate.streamedBytesPerToken());
        assertTrue(estimate.effect().startsWith("All 3.91 GiB of weights stay in memory"), estimate.effect());
    }

    @Test
    void streamingShowsBytesPerTokenAndTheSpeedTheDiskAllows() {
        // 1850 MB budget: 1500 MB of layer cache, one layer slot, so every layer is read for every token.
        PlanEstimate estimate = new PlanEstimate(PLAN, Residency.AUTO, 1850 * MB, PLAN.minimumStreamingBudget(), 2, 400 * MB);
        assertEquals(Residency.STREAMING, estimate.effectiveResidency());
        assertEquals(PLAN.streamedBytesPerToken(1500 * MB, 2), estimate.streamedBytesPerToken());
        assertEquals(4000 * MB, estimate.streamedBytesPerToken());
        assertEquals("Streams 3.73 GiB per token; disk reads at 400 MB/s here → about 0.10 tokens/s at most.",
                estimate.effect());
    }

    @Test
    void aBudgetBelowTheStreamingMinimumCannotLoad() {
        PlanEstimate estimate = new PlanEstimate(PLAN, Residency.STREAMING, 1000 * MB, PLAN.minimumStreamingBudget(), 2, 400 * MB);
        assertTrue(estimate.problem().startsWith("The budget is below the 1.26 GiB streaming needs"), estimate.problem());
        assertEquals(estimate.problem(), estimate.effect());
    }

    @Test
    void beforeTheDiskIsMeasuredItSaysSo() {
        PlanEstimate estimate = new PlanEstimate(PLAN, Residency.STREAMING, 1850 * MB, PLAN.minimumStreamingBudget(), 2, 0);
        assertEquals("Streams 3.73 GiB per token; measuring the disk…", estimate.effect());
    }
}
