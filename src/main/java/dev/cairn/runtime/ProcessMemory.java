package dev.cairn.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory as Linux reports it; -1 where {@code /proc} is unavailable. */
public final class ProcessMemory {

    /**
     * What the JVM adds after the model is planned and that no plan counts: compiled code (the kernels),
     * the heap's young generation (capped at 64 MiB by the launcher), objects the session keeps, thread
     * stacks, and the 128 MiB the memory-bandwidth probe of "why this speed" allocates for a moment. The
     * runs in the README stayed within their budgets with it (70B, 16 GiB: peak RSS 14.35 GiB).
     */
    static final long GROWTH_RESERVE = 256L << 20;

    private static volatile long baseline = -1;

    private ProcessMemory() {
    }

    /** Resident set size now, in bytes. */
    public static long residentBytes() {
        return statusField("VmRSS:");
    }

    /** The largest resident set size so far, in bytes. */
    public static long peakResidentBytes() {
        return statusField("VmHWM:");
    }

    /**
     * The process's own memory beside any model: the resident set when first asked (the JVM, its classes,
     * the heap so far), plus {@link #GROWTH_RESERVE}. Measured once, so every plan in this process counts
     * the same amount and budgets computed from one plan open the same cache in another.
     */
    public static long baselineBytes() {
        long known = baseline;
        if (known < 0) {
            synchronized (ProcessMemory.class) {
                if (baseline < 0) {
                    baseline = Math.max(0, residentBytes()) + GROWTH_RESERVE;
                }
                known = baseline;
            }
        }
        return known;
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return 1024 * Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
