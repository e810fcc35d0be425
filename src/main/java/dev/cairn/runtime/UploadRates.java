package dev.cairn.runtime;

import dev.cairn.backend.Backend;
import dev.cairn.backend.DeviceSlots;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast each GPU of this machine takes uploads, measured once per device and process and remembered: the
 * rate a streaming forecast divides the bytes crossing the bus per token by. The measurement takes the path
 * streamed layers take, whatever the API: a staging buffer uploaded into a device slot
 * ({@link DeviceSlots#upload}); one upload warms it up, then {@value #COPIES} of {@value #COPY_BYTES} bytes
 * are timed.
 */
public final class UploadRates {

    static final long COPY_BYTES = 16L << 20;
    static final int COPIES = 4;

    private static final Map<BackendChoice, Double> MEASURED = new ConcurrentHashMap<>();

    private UploadRates() {
    }

    /** Bytes per second into device {@code device} of {@code api}; the first call measures (a fraction of a second). */
    public static double of(GpuApi api, int device) {
        return MEASURED.computeIfAbsent(BackendChoice.on(api, device), choice -> measure(api, device));
    }

    private static double measure(GpuApi api, int device) {
        long[] at = {0};
        long[] bytes = {COPY_BYTES};
        try (Backend backend = api.open(device, copied -> { });
                DeviceSlots slots = backend.deviceSlots(1, bytes, 1, COPY_BYTES)) {
            slots.staging(0).fill((byte) 1);
            slots.upload(0, 0, at, bytes);
            long start = System.nanoTime();
            for (int i = 0; i < COPIES; i++) {
                slots.upload(0, 0, at, bytes);
            }
            long nanos = Math.max(1, System.nanoTime() - start);
            return COPIES * COPY_BYTES * 1e9 / nanos;
        }
    }
}
