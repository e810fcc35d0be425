package dev.cairn.app.inspector;

import java.util.Locale;

/** Tick spacing and labels of the time axis: steps of 1, 2 or 5 times a power of ten nanoseconds. */
final class TimeAxis {

    private TimeAxis() {
    }

    /** The smallest 1-2-5 step in nanoseconds at least {@code minPixels} apart at this scale. */
    static long step(double nanosPerPixel, double minPixels) {
        double wanted = nanosPerPixel * minPixels;
        long power = 1;
        while (true) {
            for (int mantissa : new int[] {1, 2, 5}) {
                if (mantissa * power >= wanted) {
                    return mantissa * power;
                }
            }
            if (power > Long.MAX_VALUE / 100) {
                return power;
            }
            power *= 10;
        }
    }

    private static final long[] UNITS = {1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"s", "ms", "µs", "ns"};

    /** A tick label: time since the origin in the largest unit that {@code step} is at least a tenth of. */
    static String label(long nanosSinceOrigin, long step) {
        int u = 0;
        while (u < UNITS.length - 1 && step * 10 < UNITS[u]) {
            u++;
        }
        int decimals = step < UNITS[u] ? 1 : 0;
        double value = (double) nanosSinceOrigin / UNITS[u];
        return String.format(Locale.ROOT, "%." + decimals + "f %s", value, UNIT_NAMES[u]);
    }
}
