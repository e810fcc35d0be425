package dev.cairn.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The memory probe of "why this speed" measures with any kernels, the scalar ones included (-Dcairn.vector=false). */
class MemoryBandwidthTest {

    @Test
    void measuresAPositiveRateWithOneAndTwoThreads() {
        for (int threads = 1; threads <= 2; threads++) {
            double rate = MemoryBandwidth.measure(threads);
            assertTrue(rate > 0 && Double.isFinite(rate), threads + " threads: " + rate + " bytes/s");
        }
    }
}
