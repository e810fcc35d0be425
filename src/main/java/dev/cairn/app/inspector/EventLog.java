package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;
import java.util.Locale;

/** Every recent event exactly as read from the ring, for the CSV export. */
final class EventLog extends TimeRing {

    /** Events kept: the ring's default size twice over. */
    static final int CAPACITY = 1 << 18;

    private static final EventType[] TYPES = EventType.values();

    private final long[] sequences;
    private final long[] nanos;
    private final long[] ordered; // nanos made non-decreasing, for the binary searches
    private final long[] values;
    private final int[] layers;
    private final int[] lanes;
    private final byte[] kinds;

    EventLog() {
        this(CAPACITY);
    }

    EventLog(int capacity) {
        super(capacity);
        sequences = new long[capacity];
        nanos = new long[capacity];
        ordered = new long[capacity];
        values = new long[capacity];
        layers = new int[capacity];
        lanes = new int[capacity];
        kinds = new byte[capacity];
    }

    void add(long sequence, EventType type, int layer, int lane, long at, long value) {
        long order = isEmpty() ? at : Math.max(at, ordered[slot(end() - 1)]);
        int slot = claim();
        sequences[slot] = sequence;
        nanos[slot] = at;
        ordered[slot] = order;
        values[slot] = value;
        layers[slot] = layer;
        lanes[slot] = lane;
        kinds[slot] = (byte) type.ordinal();
    }

    @Override
    long sortTime(int slot) {
        return ordered[slot];
    }

    /** Number of events held. */
    long size() {
        return end() - first();
    }

    /**
     * Writes the events between {@code from} and {@code to} (inclusive, nanoTime) as CSV with a header;
     * {@code origin} is the nanoTime the {@code ms} column counts from.
     */
    long writeCsv(StringBuilder out, long from, long to, long origin) {
        out.append("sequence,type,layer,lane,nanos,ms,value\n");
        long written = 0;
        for (long i = firstAtOrAfter(from); i < end() && ordered[slot(i)] <= to; i++) {
            int s = slot(i);
            out.append(Long.toString(sequences[s])).append(',')
                    .append(TYPES[kinds[s]].name()).append(',')
                    .append(Integer.toString(layers[s])).append(',')
                    .append(Integer.toString(lanes[s])).append(',')
                    .append(Long.toString(nanos[s])).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", (nanos[s] - origin) / 1e6)).append(',')
                    .append(Long.toString(values[s])).append('\n');
            written++;
        }
        return written;
    }
}
