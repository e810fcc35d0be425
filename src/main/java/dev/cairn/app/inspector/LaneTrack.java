package dev.cairn.app.inspector;

/**
 * The recent spans of one lane, ordered by end time, plus the span still open. A lane runs one span at a
 * time, so a start while a span is open means the open span's end was lost: it is dropped, never guessed.
 */
final class LaneTrack extends TimeRing {

    private final Lane lane;
    private final long[] starts;
    private final long[] ends;
    private final long[] bytes;
    private final int[] layers;
    private final byte[] kinds;
    private boolean open;
    private long openStart;
    private int openLayer;
    private SpanKind openKind;

    LaneTrack(Lane lane, int capacity) {
        super(capacity);
        this.lane = lane;
        starts = new long[capacity];
        ends = new long[capacity];
        bytes = new long[capacity];
        layers = new int[capacity];
        kinds = new byte[capacity];
    }

    Lane lane() {
        return lane;
    }

    void open(SpanKind kind, int layer, long at) {
        open = true;
        openKind = kind;
        openLayer = layer;
        openStart = at;
    }

    /** Closes the open span if it is of {@code kind} for {@code layer}; an end without its start is ignored. */
    void close(SpanKind kind, int layer, long at, long byteCount) {
        closeAs(kind, kind, layer, at, byteCount);
    }

    /** Closes the open span of {@code opened} for {@code layer} as a span of {@code ended} (a read that failed). */
    void closeAs(SpanKind opened, SpanKind ended, int layer, long at, long byteCount) {
        if (open && openKind == opened && openLayer == layer) {
            open = false;
            add(ended, layer, openStart, at, byteCount);
        }
    }

    /** Closes the open span of {@code layer} (or request), whatever its kind. */
    void closeOpen(int layer, long at) {
        if (open && openLayer == layer) {
            close(openKind, layer, at, 0);
        }
    }

    /** Adds a span known whole when it is recorded (a wait). */
    void add(SpanKind kind, int layer, long start, long end, long byteCount) {
        long ordered = isEmpty() ? end : Math.max(end, ends[slot(end() - 1)]);
        int slot = claim();
        starts[slot] = Math.min(start, ordered);
        ends[slot] = ordered;
        bytes[slot] = byteCount;
        layers[slot] = layer;
        kinds[slot] = (byte) kind.ordinal();
    }

    /** Forgets the open span: events were lost and its end may have been among them. */
    void dropOpen() {
        open = false;
    }

    boolean hasOpenSpan() {
        return open;
    }

    long openStart() {
        return openStart;
    }

    int openLayer() {
        return openLayer;
    }

    SpanKind openKind() {
        return openKind;
    }

    @Override
    long sortTime(int slot) {
        return ends[slot];
    }

    long spanStart(long index) {
        return starts[slot(index)];
    }

    long spanEnd(long index) {
        return ends[slot(index)];
    }

    long bytes(long index) {
        return bytes[slot(index)];
    }

    int layer(long index) {
        return layers[slot(index)];
    }

    SpanKind kind(long index) {
        return SpanKind.of(kinds[slot(index)]);
    }

    /** The span covering {@code at}, or -1. */
    long spanAt(long at) {
        long index = firstAtOrAfter(at);
        return index < end() && spanStart(index) <= at ? index : -1;
    }
}
