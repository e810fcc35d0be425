package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;

/**
 * One heatmap row: a layer's recent events with the state each one left the layer in. A row's colour
 * between two events is the state after the first; events lost from the ring appear as entries of their
 * own that leave the layer {@link LayerState#UNKNOWN}.
 */
final class LayerTrack extends TimeRing {

    /** The kind of an entry that stands for events lost from the ring rather than for one event. */
    static final byte LOST = -1;

    private static final EventType[] TYPES = EventType.values();

    private final long[] nanos;
    private final long[] values;
    private final byte[] kinds;
    private final byte[] states;
    private LayerState initial;
    private LayerState current;
    private int deviceSlot = -1;  // the GPU slot its uploads went to; -1 until one did (or on the CPU)

    LayerTrack(int capacity, LayerState initial) {
        super(capacity);
        nanos = new long[capacity];
        values = new long[capacity];
        kinds = new byte[capacity];
        states = new byte[capacity];
        this.initial = initial;
        current = initial;
    }

    /** Replaces the state assumed before the first event, while no event has been applied yet. */
    void assumeInitially(LayerState state) {
        if (!isEmpty()) {
            throw new IllegalStateException("the track already holds events");
        }
        initial = state;
        current = state;
    }

    /** Applies one event; times earlier than the newest held are moved up to it to keep the row ordered. */
    void accept(EventType type, long at, long value) {
        append((byte) type.ordinal(), at, value, current.after(type));
    }

    /** As {@link #accept(EventType, long, long)}; an upload's lane is the GPU slot the layer goes to. */
    void accept(EventType type, int lane, long at, long value) {
        if (type == EventType.UPLOAD_START) {
            deviceSlot = lane;
        }
        accept(type, at, value);
    }

    /** The GPU slot this layer was last uploaded into, or -1 when it never was (a CPU run, or not yet). */
    int deviceSlot() {
        return deviceSlot;
    }

    void lost(long at) {
        append(LOST, at, 0, LayerState.UNKNOWN);
    }

    private void append(byte kind, long at, long value, LayerState state) {
        long ordered = isEmpty() ? at : Math.max(at, nanos[slot(end() - 1)]);
        int slot = claim();
        nanos[slot] = ordered;
        values[slot] = value;
        kinds[slot] = kind;
        states[slot] = (byte) state.ordinal();
        current = state;
    }

    @Override
    long sortTime(int slot) {
        return nanos[slot];
    }

    /** The state at {@code at}: before the oldest entry held, the initial state unless entries were dropped. */
    LayerState stateAt(long at) {
        long index = lastAtOrBefore(at);
        if (index >= first()) {
            return state(index);
        }
        return first() == 0 ? initial : LayerState.UNKNOWN;
    }

    long nanos(long index) {
        return nanos[slot(index)];
    }

    long value(long index) {
        return values[slot(index)];
    }

    /** The event type of an entry, or null for an entry standing for lost events. */
    EventType type(long index) {
        byte kind = kinds[slot(index)];
        return kind == LOST ? null : TYPES[kind];
    }

    LayerState state(long index) {
        return LayerState.of(states[slot(index)]);
    }

    /** Whether an entry is drawn as a mark of its own on top of the row colour. */
    boolean isMark(long index) {
        byte kind = kinds[slot(index)];
        return kind == EventType.SYNC_MISS.ordinal() || kind == EventType.IO_ERROR.ordinal();
    }
}
