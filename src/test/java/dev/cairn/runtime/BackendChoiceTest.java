package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.tensor.quant.GgmlType;
import org.junit.jupiter.api.Test;

/** The forms of --backend, and the rule that a model on a GPU lives whole in its memory. */
class BackendChoiceTest {

    @Test
    void parsesEveryFormAndWritesItBack() {
        assertEquals(BackendChoice.AUTO, BackendChoice.parse("auto"));
        assertEquals(BackendChoice.CPU, BackendChoice.parse("CPU"));
        assertEquals(BackendChoice.vulkan(BackendChoice.ANY_DEVICE), BackendChoice.parse("vulkan"));
        assertEquals(BackendChoice.vulkan(3), BackendChoice.parse("vulkan:3"));
        for (String form : new String[] {"auto", "cpu", "vulkan", "vulkan:3"}) {
            assertEquals(form, BackendChoice.parse(form).toString());
        }
    }

    @Test
    void refusesWhatIsNotABackend() {
        for (String bad : new String[] {"gpu", "vulkan:", "vulkan:-1", "vulkan:x", "opencl"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendChoice.parse(bad));
            assertTrue(e.getMessage().contains(BackendChoice.FORMS), e.getMessage());
        }
    }

    @Test
    void aModelOnADeviceIsResidentAndMustFitItsMemory() {
        // The process's own memory (5000 bytes here) stays on the host and does not count against the device.
        MemoryPlan plan = new MemoryPlan(64, new long[] {600, 600}, 300, 200, 100, 5000);
        assertEquals(1800, plan.deviceBytes());
        assertEquals(Residency.RESIDENT, LoadedModel.residentOnDevice("m.gguf", plan, 1800, "GPU", Residency.AUTO));
        BackendUnavailableException tooBig = assertThrows(BackendUnavailableException.class,
                () -> LoadedModel.residentOnDevice("m.gguf", plan, 1799, "GPU", Residency.RESIDENT));
        assertTrue(tooBig.getMessage().startsWith("m.gguf needs " + Bytes.format(1800)), tooBig.getMessage());
        BackendUnavailableException streaming = assertThrows(BackendUnavailableException.class,
                () -> LoadedModel.residentOnDevice("m.gguf", plan, 1L << 40, "GPU", Residency.STREAMING));
        assertTrue(streaming.getMessage().contains("cannot stream into GPU memory yet"), streaming.getMessage());
        assertEquals(GgmlType.F16, LoadOptions.defaults(1).kvType());
        assertEquals(BackendChoice.CPU, LoadOptions.defaults(1).backend(), "programs compute on the CPU unless they ask");
    }
}
