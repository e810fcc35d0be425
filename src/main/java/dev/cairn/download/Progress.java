package dev.cairn.download;

import dev.cairn.runtime.Bytes;
import java.util.Locale;

/**
 * How far a download is.
 *
 * @param total          the file's bytes, -1 when the server did not say
 * @param bytesPerSecond over the last few seconds, 0 until measured
 */
public record Progress(long done, long total, double bytesPerSecond) {

    /** Between 0 and 1, or -1 when the total is unknown. */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1, (double) done / total);
    }

    /** Seconds to go at the current rate, -1 when unknown. */
    public long secondsLeft() {
        return total < 0 || bytesPerSecond <= 0 ? -1 : (long) Math.ceil((total - done) / bytesPerSecond);
    }

    /** "1.20 GiB of 4.58 GiB · 38.1 MB/s · 1 min 27 s left" */
    public String describe() {
        StringBuilder s = new StringBuilder(Bytes.format(done));
        if (total >= 0) {
            s.append(" of ").append(Bytes.format(total));
        }
        if (bytesPerSecond > 0) {
            s.append(String.format(Locale.ROOT, " · %.1f MB/s", bytesPerSecond / 1e6));
        }
        long left = secondsLeft();
        if (left >= 0) {
            s.append(" · ").append(duration(left)).append(" left");
        }
        return s.toString();
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }
}
