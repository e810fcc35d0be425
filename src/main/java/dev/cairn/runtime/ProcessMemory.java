package dev.cairn.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory as Linux reports it; -1 where {@code /proc} is unavailable. */
public final class ProcessMemory {

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
