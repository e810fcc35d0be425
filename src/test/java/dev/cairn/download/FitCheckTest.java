package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.gguf.GgufFile;
import dev.cairn.model.ModelLoader;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.Residency;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Fixtures;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fit check before a download: the wizard's plan arithmetic over an estimate from size and quantization. */
class FitCheckTest {

    static final long GB = 1_000_000_000L;
    /** 16 GB of budget, 2 layers read ahead, a 4096 context, the disk at 500 MB/s, 100 GB free. */
    static final Machine MACHINE = new Machine(Residency.AUTO, 16 * GB, 2, 4096, 500e6, 100 * GB);

    static RemoteModel model(String name, long size) {
        return new RemoteModel(name, Quantization.fromFileName(name),
                List.of(new RemoteFile(Optional.of("o/r"), name, URI.create("https://hub/o/r/resolve/main/" + name), size, Optional.empty())));
    }

    @Test
    void aSmallModelFitsInMemory() {
        Fit fit = FitCheck.estimate(model("Llama-3.2-1B-Instruct-Q4_K_M.gguf", 808 * 1_000_000L), 808 * 1_000_000L, MACHINE);
        assertEquals(Fit.Verdict.RESIDENT, fit.verdict());
        assertEquals("fits in memory", fit.label());
        assertFalse(fit.fromHeader());
    }

    @Test
    void aModelLargerThanTheBudgetStreamsAtTheSpeedTheDiskAllows() {
        long size = 40 * GB;
        Fit fit = FitCheck.estimate(model("Llama-3.3-70B-Instruct-Q4_K_M.gguf", size), size, MACHINE);
        assertEquals(Fit.Verdict.STREAMS, fit.verdict());
        MemoryPlan plan = SizeEstimate.plan(size, Quantization.fromFileName("Q4_K_M"), 4096);
        long perToken = plan.streamedBytesPerToken(plan.cacheBytes(16 * GB), 2);
        assertEquals("streams at about " + FitCheck.tokensPerSecond(500e6 / perToken) + " tokens/s", fit.label());
        assertTrue(fit.detail().startsWith("Streams "), fit.detail());
        Fit unmeasured = FitCheck.estimate(model("Llama-3.3-70B-Instruct-Q4_K_M.gguf", size), size, MACHINE.withDiskSpeed(0));
        assertEquals("streams (disk speed not measured yet)", unmeasured.label());
    }

    @Test
    void aFileLargerThanTheFreeSpaceDoesNotFitTheDisk() {
        Fit fit = FitCheck.estimate(model("x-Q4_0.gguf", 5 * GB), 5 * GB, MACHINE.withFreeDisk(GB));
        assertEquals(Fit.Verdict.NO_DISK_SPACE, fit.verdict());
        assertEquals("does not fit the disk", fit.label());
        assertEquals("it needs 4.66 GiB and 953.67 MiB are free", fit.detail());
    }

    @Test
    void aModelWhoseFixedPartsExceedTheBudgetIsTooBig() {
        Fit fit = FitCheck.estimate(model("x-Q4_0.gguf", 200 * GB), 200 * GB, new Machine(Residency.AUTO, 4 * GB, 2, 4096, 500e6, 1000 * GB));
        assertEquals(Fit.Verdict.TOO_BIG, fit.verdict());
        assertTrue(fit.detail().startsWith("The budget is below the "), fit.detail());
    }

    @Test
    void filesCairnCannotRunAreSaidSoBeforeDownloading() {
        Fit fit = FitCheck.estimate(model("x-IQ2_XXS.gguf", GB), GB, MACHINE);
        assertEquals(Fit.Verdict.NOT_RUNNABLE, fit.verdict());
        assertEquals("IQ2_XXS is a tensor type Cairn has no kernels for yet", fit.detail());
    }

    @Test
    void aFileOfUnknownSizeWaitsForItsHeaderWithoutTimingTheDisk() {
        Fit fit = FitCheck.estimate(model("from-a-url.gguf", -1), -1, MACHINE.withDiskSpeed(0));
        assertEquals(Fit.Verdict.UNKNOWN, fit.verdict());
        assertFalse(FitCheck.needsDiskSpeed(List.of(fit), MACHINE.withDiskSpeed(0)));
        assertTrue(FitCheck.needsDiskSpeed(List.of(FitCheck.estimate(model("x-Q4_K_M.gguf", 40 * GB), 40 * GB, MACHINE.withDiskSpeed(0))),
                MACHINE.withDiskSpeed(0)));
    }

    @Test
    void theEstimateFollowsItsDerivation() {
        // 4.5 GB at Q4_K (4.5 bits per weight) is 8e9 parameters: 0.1 byte each per 4096 positions of KV cache.
        MemoryPlan plan = SizeEstimate.plan(4_500_000_000L, Quantization.fromFileName("m-Q4_K_M.gguf"), 4096);
        assertEquals(4_500_000_000L * 85 / 100 / 32 * 32 + 675_000_000L, plan.weightsBytes(), 32);
        assertEquals(800_000_000L, plan.kvBytes());
        assertEquals(32, plan.layers());
        assertEquals(675_000_000L, plan.residentBytes());
        assertEquals(400_000_000L, SizeEstimate.plan(4_500_000_000L, Quantization.fromFileName("m-Q4_K_M.gguf"), 2048).kvBytes());
    }

    @Test
    void theHeaderReplacesTheEstimateWithTheModelsOwnPlan() throws Exception {
        try (GgufFile file = GgufFile.open(Fixtures.model("stories260K.gguf"))) {
            var summary = dev.cairn.runtime.ModelSummary.of(file);
            MemoryPlan plan = MemoryPlan.of(file, ModelLoader.config(file), 512, GgmlType.F16);
            Fit fit = FitCheck.fromHeader(new HeaderReport(summary, plan), file.fileSize(), MACHINE);
            assertEquals(Fit.Verdict.RESIDENT, fit.verdict());
            assertTrue(fit.fromHeader());
            assertEquals(128, FitCheck.firstLoadContext(summary, 4096), "stories260K was trained on 128 positions");
            assertEquals(64, FitCheck.firstLoadContext(summary, 64));
        }
    }
}
