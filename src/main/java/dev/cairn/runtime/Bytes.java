package dev.cairn.runtime;

import java.util.Locale;

/** Human-readable byte counts in binary units, as the CLI and the app print them. */
public final class Bytes {

    private Bytes() {
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %siB", value, units.charAt(unit));
    }
}
