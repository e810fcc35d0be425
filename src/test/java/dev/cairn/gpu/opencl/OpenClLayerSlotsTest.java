package dev.cairn.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.backend.DeviceSlots;
import org.junit.jupiter.api.Test;

/** The device slots of a streaming layer cache on OpenCL (PoCL in CI): what they allocate, and that closing frees it. */
class OpenClLayerSlotsTest {

    @Test
    void closedLayerSlotsLeaveTheBackendsOpenAllocations() {
        try (OpenClBackend backend = new OpenClBackend(OpenClTestDevice.index())) {
            for (int round = 0; round < 3; round++) {
                DeviceSlots slots = backend.deviceSlots(2, new long[] {1024, 4096}, 2, 8192);
                assertEquals(1, backend.openAllocations());
                assertEquals(2 * (1024 + 16 + 4096 + 16) + 2 * (8192 + 4096), slots.allocatedBytes(),
                        "slots (padded) and staging (with a page to align it)");
                slots.staging(1).fill((byte) 7); // mapped for the host to write
                slots.upload(1, 0, new long[] {0, 1024}, new long[] {1024, 4096});
                slots.close();
                assertEquals(0, backend.openAllocations(), "a closed cache's slots are not kept until the backend closes");
                slots.close(); // idempotent
            }
        }
    }
}
