package dev.cairn.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.gguf.GgufFile;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.ModelLoader;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.ModelSummary;
import dev.cairn.runtime.PlanEstimate;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The wizard's plan for a GPU, without the FX thread: made against the device's memory (weights within the
 * budget, KV cache and scratch there, device slots for the rest) with the measured upload rate; on the CPU
 * against the machine's memory as before.
 */
class WizardDevicePlanTest {

    private static final long DEVICE = 1L << 30;

    @Test
    void aGpuPlanIsMadeAgainstTheDevicesMemoryWithItsUploadRate() throws IOException {
        try (GgufFile file = GgufFile.open(Fixtures.model("stories260K.gguf"))) {
            ModelSummary model = ModelSummary.of(file);
            MemoryPlan plan = MemoryPlan.of(file, ModelLoader.config(file), 256, GgmlType.F16);
            long slot = StreamingLayers.deviceSlotBytes(LayerManifest.of(file, ModelLoader.config(file)));
            long least = PlanEstimate.minimumDeviceBudget(plan, slot);
            double percent = 100.0 * least / DEVICE; // the budget at the streaming minimum: one device slot
            PlanEstimate gpu = ModelWizardViewModel.estimate(file, model,
                    new ModelChoices("vulkan:0", Residency.AUTO, percent, 1, 1, 256), DEVICE, 400e6, 2e9);

            assertNotNull(gpu.device());
            assertEquals(DEVICE, gpu.device().memoryBytes());
            assertEquals(slot, gpu.device().slotBytes());
            assertEquals(2e9, gpu.device().uploadBytesPerSecond());
            assertEquals(least, gpu.minimumBudget());
            assertNull(gpu.problem(), gpu.effect());
            assertEquals(Residency.STREAMING, gpu.effectiveResidency());
            assertEquals(1, gpu.cacheSlots());
            assertEquals(plan.layers(), gpu.streamedLayers(), "one slot: every layer crosses the bus every token");
            assertEquals(plan.streamableBytes(), gpu.streamedBytesPerToken());
            assertEquals(gpu.deviceWeightsBytes(), gpu.budgetBytes() - plan.kvBytes() - plan.scratchBytes());
            assertTrue(gpu.effect().contains("cross the bus per token; uploads at 2000 MB/s, the disk at 400 MB/s"),
                    gpu.effect());

            PlanEstimate cpu = ModelWizardViewModel.estimate(file, model,
                    new ModelChoices("cpu", Residency.AUTO, 60, 1, 1, 256), MemoryBudget.physicalMemory(), 400e6, 0);
            assertNull(cpu.device());
            assertEquals(Residency.RESIDENT, cpu.effectiveResidency());
        }
    }
}
