package dev.cairn.runtime;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How much memory the process may use with its model loaded (the JVM, weights, KV cache and scratch together): a byte count or a share of physical RAM. Parsed from
 * text such as {@code 1.5G}, {@code 800M}, {@code 123456789} or {@code 25%}.
 */
public record MemoryBudget(long bytes, double share) {

    /** The default: 60% of physical memory, leaving room for the KV cache, the JVM and the desktop. */
    public static final MemoryBudget DEFAULT = ofShare(0.60);

    public MemoryBudget {
        if (bytes < 0 || share < 0 || share > 1 || (bytes == 0) == (share == 0)) {
            throw new IllegalArgumentException("a budget is either bytes or a share of RAM in (0, 100%]");
        }
    }

    public static MemoryBudget ofBytes(long bytes) {
        return new MemoryBudget(bytes, 0);
    }

    public static MemoryBudget ofShare(double share) {
        return new MemoryBudget(0, share);
    }

    public static MemoryBudget parse(String text) {
        return parse(text, "RAM");
    }

    /** As {@link #parse(String)}, a share being of {@code whole} ("RAM", "the device's memory") in errors. */
    public static MemoryBudget parse(String text, String whole) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (t.endsWith("%")) {
                double percent = Double.parseDouble(t.substring(0, t.length() - 1));
                if (percent > 0 && percent <= 100) {
                    return ofShare(percent / 100);
                }
            } else {
                long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                    case 'K' -> 1L << 10;
                    case 'M' -> 1L << 20;
                    case 'G' -> 1L << 30;
                    case 'T' -> 1L << 40;
                    default -> 1;
                };
                String number = unit == 1 ? t : t.substring(0, t.length() - 1);
                long bytes = (long) (Double.parseDouble(number) * unit);
                if (bytes > 0) {
                    return ofBytes(bytes);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("budget must be bytes (1.5G, 800M, 4096) or a share of " + whole + " (25%), not '"
                + text + "'");
    }

    /** The budget in bytes on this machine. */
    public long resolve() {
        return resolve(physicalMemory());
    }

    /** The budget in bytes where a share is of {@code wholeBytes} (a device's memory). */
    public long resolve(long wholeBytes) {
        return share == 0 ? bytes : (long) (share * wholeBytes);
    }

    /** This machine's physical memory in bytes. */
    public static long physicalMemory() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize();
    }

    @Override
    public String toString() {
        return share == 0 ? Bytes.format(bytes) : Math.round(share * 100) + "% of RAM";
    }
}
