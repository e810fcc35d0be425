package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.tensor.quant.GgmlType;
import org.junit.jupiter.api.Test;

/** The forms of --backend, and how a model on a GPU lives in its memory: resident within --gpu-budget, streaming beyond it. */
class BackendChoiceTest {

    @Test
    void parsesEveryFormAndWritesItBack() {
        assertEquals(BackendChoice.AUTO, BackendChoice.parse("auto"));
        assertEquals(BackendChoice.CPU, BackendChoice.parse("CPU"));
        assertEquals(BackendChoice.vulkan(BackendChoice.ANY_DEVICE), BackendChoice.parse("vulkan"));
        assertEquals(BackendChoice.vulkan(3), BackendChoice.parse("vulkan:3"));
        assertEquals(BackendChoice.openCl(BackendChoice.ANY_DEVICE), BackendChoice.parse("OpenCL"));
        assertEquals(BackendChoice.openCl(0), BackendChoice.parse("opencl:0"));
        for (String form : new String[] {"auto", "cpu", "vulkan", "vulkan:3", "opencl", "opencl:2"}) {
            assertEquals(form, BackendChoice.parse(form).toString());
        }
    }

    @Test
    void refusesWhatIsNotABackend() {
        for (String bad : new String[] {"gpu", "vulkan:", "vulkan:-1", "vulkan:x", "opencl:", "opencl:-2", "cuda"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendChoice.parse(bad));
            assertTrue(e.getMessage().contains(BackendChoice.FORMS), e.getMessage());
        }
    }

    @Test
    void aModelOnADeviceIsResidentWithinTheGpuBudgetStreamsBeyondItAndMustFitTheDevice() {
        // The process's own memory (5000 bytes here) stays on the host and does not count against the device.
        MemoryPlan plan = new MemoryPlan(64, new long[] {600, 600}, 300, 200, 100, 5000);
        assertEquals(1800, plan.deviceBytes());
        assertEquals(Residency.RESIDENT, LoadedModel.onDevice("m.gguf", plan, 1800, 1500, "GPU", Residency.AUTO));
        assertEquals(Residency.STREAMING, LoadedModel.onDevice("m.gguf", plan, 1800, 1499, "GPU", Residency.AUTO));
        assertEquals(Residency.STREAMING, LoadedModel.onDevice("m.gguf", plan, 1800, 1500, "GPU", Residency.STREAMING));
        BackendUnavailableException overBudget = assertThrows(BackendUnavailableException.class,
                () -> LoadedModel.onDevice("m.gguf", plan, 1800, 1499, "GPU", Residency.RESIDENT));
        assertTrue(overBudget.getMessage().startsWith("m.gguf's weights (" + Bytes.format(1500) + ") do not fit the GPU budget"),
                overBudget.getMessage());
        BackendUnavailableException tooBig = assertThrows(BackendUnavailableException.class,
                () -> LoadedModel.onDevice("m.gguf", plan, 1799, 1500, "GPU", Residency.AUTO));
        assertTrue(tooBig.getMessage().startsWith("m.gguf needs " + Bytes.format(1800)), tooBig.getMessage());
        // A KV cache larger than the device leaves the default budget negative: still the device's numbers.
        BackendUnavailableException kvTooBig = assertThrows(BackendUnavailableException.class,
                () -> LoadedModel.onDevice("m.gguf", plan, 550, -50, "GPU", Residency.AUTO));
        assertTrue(kvTooBig.getMessage().startsWith("m.gguf needs " + Bytes.format(600) + " (weights " + Bytes.format(300)
                + " on the device"), kvTooBig.getMessage());
        assertEquals(GgmlType.F16, LoadOptions.defaults(1).kvType());
        assertEquals(BackendChoice.CPU, LoadOptions.defaults(1).backend(), "programs compute on the CPU unless they ask");
    }

    @Test
    void theDefaultGpuBudgetIsWhatFitsBesideTheKvCacheAndScratchLessTheMargin() {
        MemoryPlan plan = new MemoryPlan(64, new long[] {600, 600}, 300, 200, 100, 5000);
        assertEquals(9000 - 300, LoadOptions.defaults(1).gpuWeightsBytes(10_000, plan));
        assertEquals(5000, LoadOptions.defaults(1).withGpuBudget(MemoryBudget.parse("50%", "the device's memory"))
                .gpuWeightsBytes(10_000, plan));
        assertEquals(1536L << 20, LoadOptions.defaults(1).withGpuBudget(MemoryBudget.parse("1.5G")).gpuWeightsBytes(1L << 40, plan));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> MemoryBudget.parse("lots", "the device's memory"));
        assertTrue(bad.getMessage().contains("a share of the device's memory"), bad.getMessage());
    }
}
