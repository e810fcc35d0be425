package dev.cairn.app.inspector;

import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.metrics.EventType;
import java.util.Locale;

/** The words of the hover line: one event or span, exactly as recorded. */
final class Describe {

    private Describe() {
    }

    /** Heatmap entry {@code index} of {@code layer}'s track. */
    static String entry(int layer, LayerTrack track, long index, long origin) {
        EventType type = track.type(index);
        String at = time(track.nanos(index) - origin);
        if (type == null) {
            return "layer " + layer + " · events lost at " + at + " · state unknown until its next event";
        }
        String value = switch (type) {
            case SYNC_MISS -> " · waited " + duration(track.value(index));
            case IO_START, IO_END, EVICT, UPLOAD_END -> " · " + Bytes.format(track.value(index));
            case UPLOAD_START -> " · " + Bytes.format(track.value(index)) + " into GPU slot " + track.deviceSlot();
            case IO_ERROR -> " · attempt " + track.value(index);
            default -> "";
        };
        return type + " · layer " + layer + " · " + at + value + " · then " + track.state(index).label();
    }

    /** Span {@code index} of a timeline lane. */
    static String span(LaneTrack track, long index, long origin) {
        long start = track.spanStart(index);
        long end = track.spanEnd(index);
        String read = track.kind(index) == SpanKind.READ || track.kind(index) == SpanKind.UPLOAD ? " · " + Bytes.format(track.bytes(index)) : "";
        return track.lane().label() + " · " + track.kind(index).label() + " " + track.kind(index).subject() + " "
                + track.layer(index) + " · "
                + time(start - origin) + " for " + duration(end - start) + read;
    }

    static String time(long nanosSinceOrigin) {
        return String.format(Locale.ROOT, "t=%.3f ms", nanosSinceOrigin / 1e6);
    }

    static String duration(long nanos) {
        if (nanos >= 1_000_000) {
            return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
}
