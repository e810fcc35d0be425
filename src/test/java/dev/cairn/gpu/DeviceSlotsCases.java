package dev.cairn.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.backend.Backend;
import dev.cairn.backend.DeviceSlots;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The device slots of a streaming layer cache on every GPU backend: what they allocate, that an upload
 * from mapped staging completes, and that closing them frees them at once, not when the backend closes.
 * Each backend's test extends this with how to open it and count its open allocations.
 */
public abstract class DeviceSlotsCases<B extends Backend> {

    private static final int PADDING = 16; // a weight buffer's padding past its rows, on every backend

    private final Supplier<B> open;
    private final ToIntFunction<B> openAllocations;
    private final long stagingExtra;

    /**
     * @param open            opens the backend under test (skipping, or under CI=true failing, where its API is missing)
     * @param openAllocations how many allocations a backend holds open for owners that have not closed them
     * @param stagingExtra    the bytes a staging buffer allocates beyond those asked for
     */
    protected DeviceSlotsCases(Supplier<B> open, ToIntFunction<B> openAllocations, long stagingExtra) {
        this.open = open;
        this.openAllocations = openAllocations;
        this.stagingExtra = stagingExtra;
    }

    @Test
    void closedLayerSlotsLeaveTheBackendsOpenAllocations() {
        try (B backend = open.get()) {
            for (int round = 0; round < 3; round++) {
                DeviceSlots slots = backend.deviceSlots(2, new long[] {1024, 4096}, 2, 8192);
                assertEquals(1, openAllocations.applyAsInt(backend));
                assertEquals(2 * (1024 + PADDING + 4096 + PADDING) + 2 * (8192 + stagingExtra), slots.allocatedBytes(),
                        "slots (padded) and staging");
                slots.staging(1).fill((byte) 7);
                slots.upload(1, 0, new long[] {0, 1024}, new long[] {1024, 4096});
                slots.close();
                assertEquals(0, openAllocations.applyAsInt(backend), "a closed cache's slots are not kept until the backend closes");
                slots.close(); // idempotent
            }
        }
    }
}
