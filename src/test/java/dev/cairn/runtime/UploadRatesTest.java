package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.Backends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The upload rate of the Vulkan and OpenCL devices of the GPU tests (lavapipe and PoCL in CI): measured once, then remembered. */
class UploadRatesTest {

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void theRateIsMeasuredOncePerDevice(String backend) {
        BackendChoice device = Backends.choice(backend);
        double first = UploadRates.of(device.gpu(), device.device());
        assertTrue(first > 0 && Double.isFinite(first), "a measured rate: " + first);
        assertEquals(first, UploadRates.of(device.gpu(), device.device()), "the second ask gets the figure measured the first time");
    }
}
