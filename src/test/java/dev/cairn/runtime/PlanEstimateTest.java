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

    /** A GPU of 8000 MB with 3500 MB for the model: the KV cache and scratch leave 3350 MB of weights, 1000 MB slots. */
    private static PlanEstimate onGpu(long budget, Residency residency, double disk, double upload) {
        return new PlanEstimate(PLAN, residency, budget, PlanEstimate.minimumDeviceBudget(PLAN, 1000 * MB), 1, disk,
                new PlanEstimate.Device(8000 * MB, 1000 * MB, 1000 * MB, upload));
    }

    @Test
    void onAGpuTheWeightsBeyondTheDeviceBudgetStreamThroughItsSlotsAtTheSlowerOfBusAndDisk() {
        PlanEstimate estimate = onGpu(3500 * MB, Residency.AUTO, 12000 * MB, 6000 * MB);
        assertEquals(3350 * MB, estimate.deviceWeightsBytes(), "the budget less the KV cache and scratch");
        assertEquals(Residency.STREAMING, estimate.effectiveResidency());
        assertEquals(3, estimate.cacheSlots(), "(3350 - 200 always resident) / 1000 per slot");
        assertEquals(1, estimate.pinnedLayers());
        assertEquals(2, estimate.streamedLayers(), "layers 1 and 3 share a ring slot; layer 2 has the other to itself");
        assertEquals(2000 * MB, estimate.streamedBytesPerToken());
        assertEquals(1 / 3.0, estimate.uploadSecondsPerToken(), 1e-9);
        assertEquals(3.0, estimate.forecastTokensPerSecond(0), 1e-9, "the bus bounds it: 2000 MB at 6000 MB/s");
        assertEquals(0.75, estimate.withDisk(1500 * MB).forecastTokensPerSecond(0), 1e-9, "a slower disk bounds it");
        assertEquals("2 of 4 layers stream through the device (2 stay there): 1.86 GiB cross the bus per token; uploads at "
                + "6000 MB/s, the disk at 12000 MB/s → about 3.00 tokens/s at most.", estimate.effect());
        assertTrue(onGpu(3500 * MB, Residency.AUTO, 12000 * MB, 0).effect().endsWith("; measuring the upload rate…"));
        assertEquals(1200 * MB, estimate.deviceHostBytes(), "host memory: 200 MB of resident copies and 1000 MB of staging");
    }

    @Test
    void onAGpuTheWeightsThatFitStayAndABudgetBelowOneSlotOrResidentOverBudgetIsAProblem() {
        PlanEstimate roomy = onGpu(4400 * MB, Residency.AUTO, 400 * MB, 6000 * MB);
        assertEquals(Residency.RESIDENT, roomy.effectiveResidency());
        assertEquals(0, roomy.streamedBytesPerToken());
        assertEquals(0, roomy.deviceHostBytes(), "resident on the device: no copies, no staging (the plan's process is 0 here)");
        assertTrue(roomy.effect().contains("stay in device memory: nothing crosses the bus"), roomy.effect());
        assertEquals(1350 * MB, roomy.minimumBudget(), "200 resident + one 1000 MB slot + 100 KV + 50 scratch");
        assertTrue(onGpu(1300 * MB, Residency.AUTO, 400 * MB, 6000 * MB).problem().startsWith("The budget is below the "));
        assertNull(onGpu(1350 * MB, Residency.AUTO, 400 * MB, 6000 * MB).problem());
        assertTrue(onGpu(3500 * MB, Residency.RESIDENT, 400 * MB, 6000 * MB).problem().startsWith("The weights ("));
    }
}
