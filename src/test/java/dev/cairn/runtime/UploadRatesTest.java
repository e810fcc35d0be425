package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.gpu.vulkan.TestDevice;
import org.junit.jupiter.api.Test;

/** The upload rate of the Vulkan device of the GPU tests (lavapipe in CI): measured once, then remembered. */
class UploadRatesTest {

    @Test
    void theRateIsMeasuredOncePerDevice() {
        int device = TestDevice.index();
        double first = UploadRates.vulkan(device);
        assertTrue(first > 0 && Double.isFinite(first), "a measured rate: " + first);
        assertEquals(first, UploadRates.vulkan(device), "the second ask gets the figure measured the first time");
    }
}
