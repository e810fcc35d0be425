package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.metrics.MetricsSnapshot;
import org.junit.jupiter.api.Test;

/** Which bound is named, and the what-if, on a model of four 1000 MB layers (plus 200 MB always resident). */
class SpeedExplanationTest {

    private static final long MB = 1_000_000L;
    private static final long GB = 1000 * MB;
    private static final MemoryPlan PLAN = new MemoryPlan(4096, new long[] {1000 * MB, 1000 * MB, 1000 * MB, 1000 * MB},
            200 * MB, 100 * MB, 50 * MB, 0);
    /** 1500 MB of layer cache: one slot, every layer read for every token. */
    private static final long SMALL_BUDGET = 1850 * MB;

    /** Four decoding passes, each reading {@code readMb}, computing {@code computeS} and waiting {@code waitS}. */
    private static MetricsSnapshot passes(long readMb, double computeS, double waitS) {
        long n = 4;
        long compute = (long) (n * computeS * 1e9);
        long wait = (long) (n * waitS * 1e9);
        return new MetricsSnapshot(compute + wait, n, n, 16 * n, 0, 0, wait, n * readMb * MB, 0, 0, 0, compute, 0, 0, 0, 0, 0);
    }

    private static PlanEstimate streaming(long budget, double diskBytesPerSecond) {
        return new PlanEstimate(PLAN, Residency.STREAMING, budget, PLAN.minimumStreamingBudget(), 1, diskBytesPerSecond);
    }

    @Test
    void thePageSizeOfTheModelsMappingIsAmongTheReasons() {
        PlanEstimate resident = new PlanEstimate(PLAN, Residency.RESIDENT, 16 * GB, PLAN.minimumStreamingBudget(), 1, 0);
        MappedPages small = new MappedPages(4L << 30, 0);
        String why = SpeedExplanation.of(passes(0, 2, 0), resident, 10 * GB, 16 * GB, small).describe();
        assertTrue(why.contains("pages: model file, 0% of the 4.00 GiB mapped now in 2 MiB pages (the page cache holds"),
                why);
        assertFalse(SpeedExplanation.of(passes(0, 2, 0), resident, 10 * GB, 16 * GB, null).describe().contains("pages:"));
    }

    @Test
    void aSmallBudgetIsBoundByTheDiskAndALargerOnePinsLayers() {
        // 4000 MB per token at 400 MB/s: 10 s of reading against 2 s of compute.
        SpeedExplanation why = SpeedExplanation.of(passes(4000, 2, 8), streaming(SMALL_BUDGET, 400 * MB), 10 * GB, 16 * GB, null);
        assertEquals(SpeedExplanation.Bound.DISK, why.bound());
        assertEquals(10, why.diskSeconds(), 1e-9);
        assertEquals(0.1, why.diskBoundTokensPerSecond(), 1e-9);
        // 0.85 × 16 GB holds the whole model (4.35 GB): all four layers pinned, then compute bounds it at 0.5 tokens/s.
        assertEquals(0.5, why.suggestedTokensPerSecond(), 1e-9);
        assertTrue(why.suggestion().startsWith("a 4.05 GiB budget pins 4 more layers: about 0.500 tokens/s instead of 0.100"),
                why.suggestion());
        assertTrue(why.describe().startsWith("bound: disk at 0.100 tokens/s"), why.describe());
    }

    @Test
    void withNoRoomForALargerBudgetTheDiskIsTheWayOut() {
        SpeedExplanation why = SpeedExplanation.of(passes(4000, 2, 8), streaming(SMALL_BUDGET, 400 * MB), 10 * GB, 2 * GB, null);
        assertEquals(SpeedExplanation.Bound.DISK, why.bound());
        assertEquals(0.2, why.suggestedTokensPerSecond(), 1e-9);
        assertTrue(why.suggestion().startsWith("no larger budget fits this machine; a disk twice as fast: about 0.200"),
                why.suggestion());
    }

    @Test
    void waitsOnAFastEnoughDiskAreSynchronousMisses() {
        // 1 s of reading per token against 2 s of compute, yet 1.5 s of waiting: the reads start too late.
        SpeedExplanation why = SpeedExplanation.of(passes(4000, 2, 1.5), streaming(SMALL_BUDGET, 4000 * MB), 10 * GB, 16 * GB, null);
        assertEquals(SpeedExplanation.Bound.SYNC_MISSES, why.bound());
        assertEquals(0.5, why.suggestedTokensPerSecond(), 1e-9);
        assertTrue(why.suggestion().contains("--prefetch 3"), why.suggestion());
    }

    @Test
    void residentWeightsAreBoundByComputeOrByMemory() {
        PlanEstimate resident = new PlanEstimate(PLAN, Residency.RESIDENT, 8 * GB, PLAN.minimumStreamingBudget(), 1, 400 * MB);
        // 4.2 GB of weights at 10 GB/s is 0.42 s of a 2 s pass: the arithmetic, not the memory.
        SpeedExplanation compute = SpeedExplanation.of(passes(0, 2, 0), resident, 10 * GB, 16 * GB, null);
        assertEquals(SpeedExplanation.Bound.COMPUTE, compute.bound());
        assertEquals(0, compute.diskSeconds());
        // At 2.5 GB/s reading the weights takes 1.68 s of the 2 s.
        SpeedExplanation memory = SpeedExplanation.of(passes(0, 2, 0), resident, 2.5 * GB, 16 * GB, null);
        assertEquals(SpeedExplanation.Bound.MEMORY_BANDWIDTH, memory.bound());
        assertEquals(1.68, memory.memorySeconds(), 1e-9);
    }

    /**
     * Four decoding passes on a GPU, each reading {@code uploadMb} from disk and uploading it in {@code uploadS},
     * computing {@code computeS} and waiting {@code waitS} for layers.
     */
    private static MetricsSnapshot gpuPasses(long uploadMb, double uploadS, double computeS, double waitS) {
        long n = 4;
        long compute = (long) (n * computeS * 1e9);
        long wait = (long) (n * waitS * 1e9);
        return new MetricsSnapshot(compute + wait, n, n, 16 * n, 0, 0, wait, n * uploadMb * MB, 0, 0, 0, compute, 0, 0, 0,
                n * uploadMb * MB, (long) (n * uploadS * 1e9));
    }

    /** On an 8000 MB GPU with room for one device slot: every layer crosses the bus every token. */
    private static PlanEstimate streamingOnGpu(double diskBytesPerSecond, double uploadBytesPerSecond) {
        return new PlanEstimate(PLAN, Residency.STREAMING, 1350 * MB, PlanEstimate.minimumDeviceBudget(PLAN, 1000 * MB), 1,
                diskBytesPerSecond, new PlanEstimate.Device(8000 * MB, 1000 * MB, 1000 * MB, uploadBytesPerSecond));
    }

    @Test
    void onAGpuUploadsSlowerThanComputeAndDiskAreTheBusBoundAndALargerGpuBudgetIsTheWayOut() {
        // 4000 MB uploaded per token in 2 s (2000 MB/s) against 1 s of compute and 0.5 s of disk reads: 1 s of waiting.
        SpeedExplanation why = SpeedExplanation.of(gpuPasses(4000, 2, 1, 1), streamingOnGpu(8000 * MB, 2000 * MB), 10 * GB, 16 * GB, null);
        assertEquals(SpeedExplanation.Bound.BUS, why.bound());
        assertEquals(2, why.uploadSeconds(), 1e-9);
        assertEquals(2000 * MB, why.uploadBytesPerSecond(), 1e-3);
        assertEquals(0.5, why.busBoundTokensPerSecond(), 1e-9);
        assertEquals(0, why.memoryBytesPerSecond(), "the host's memory bandwidth is not weighed for a GPU's kernels");
        assertEquals(1.0, why.suggestedTokensPerSecond(), 1e-9, "every layer on the device: compute bounds it");
        assertEquals(4200 * MB, why.suggestedBudgetBytes(), "the GPU budget that holds all the weights");
        assertTrue(why.suggestion().startsWith("a --gpu-budget of 3.91 GiB streams 4 fewer layers over the bus: about 1.000 "
                + "tokens/s instead of 0.500"), why.suggestion());
        assertTrue(why.describe().startsWith("bound: the bus (uploads to the GPU) at 0.500 tokens/s"), why.describe());
        assertTrue(why.describe().contains("bus: uploads to the GPU at 2000 MB/s = 2.00 s (limit 0.500 tokens/s, 100% reached)"),
                why.describe());
    }

    @Test
    void onAGpuADiskSlowerThanTheBusIsStillTheDiskBound() {
        // 4000 MB per token: 0.5 s of uploads, 10 s of disk reads at 400 MB/s, 1 s of compute.
        SpeedExplanation why = SpeedExplanation.of(gpuPasses(4000, 0.5, 1, 9), streamingOnGpu(400 * MB, 8000 * MB), 10 * GB, 16 * GB, null);
        assertEquals(SpeedExplanation.Bound.DISK, why.bound());
        assertEquals(0.5, why.uploadSeconds(), 1e-9);
    }
}
