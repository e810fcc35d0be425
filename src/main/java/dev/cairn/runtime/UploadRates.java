package dev.cairn.runtime;

import dev.cairn.gpu.vulkan.UploadProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast each GPU of this machine takes uploads, measured once per device and process (a short
 * host-to-device copy, {@link UploadProbe}) and remembered: the rate a streaming forecast divides the
 * bytes crossing the bus per token by.
 */
public final class UploadRates {

    private static final Map<Integer, Double> MEASURED = new ConcurrentHashMap<>();

    private UploadRates() {
    }

    /** Bytes per second into Vulkan device {@code index}; the first call measures (a fraction of a second). */
    public static double vulkan(int index) {
        return MEASURED.computeIfAbsent(index, UploadProbe::bytesPerSecond);
    }
}
