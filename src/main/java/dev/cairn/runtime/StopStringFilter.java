package dev.cairn.runtime;

import java.util.List;

/**
 * Streams answer text while watching for stop strings: text that could still turn out to be the start
 * of a stop string is held back until the next piece decides it.
 */
final class StopStringFilter {

    private final List<String> stops;
    private final int holdBack;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    StopStringFilter(List<String> stops) {
        this.stops = stops;
        this.holdBack = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    /** Adds generated text; returns the part that is now safe to show (possibly empty). */
    String accept(String piece) {
        if (stopped) {
            return "";
        }
        text.append(piece);
        int cut = firstStop();
        if (cut >= 0) {
            stopped = true;
            text.setLength(cut);
            return release(cut);
        }
        return release(Math.max(emitted, text.length() - holdBack));
    }

    /** Whatever was held back, at the end of the answer. */
    String finish() {
        return release(text.length());
    }

    boolean stopped() {
        return stopped;
    }

    String text() {
        return text.toString();
    }

    private int firstStop() {
        int first = -1;
        int from = Math.max(0, emitted - holdBack);
        for (String stop : stops) {
            int at = text.indexOf(stop, from);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    private String release(int upTo) {
        // Never split a surrogate pair between two releases.
        if (upTo > emitted && upTo < text.length() && Character.isHighSurrogate(text.charAt(upTo - 1))) {
            upTo--;
        }
        String out = text.substring(emitted, Math.max(emitted, upTo));
        emitted = Math.max(emitted, upTo);
        return out;
    }
}
