package dev.cairn.app.inspector;

/** When recent forward passes ended: the token boundaries of the timeline. */
final class PassTrack extends TimeRing {

    /** Pass ends kept: many more tokens than the layer rows hold. */
    static final int CAPACITY = 1 << 14;

    private final long[] nanos;

    PassTrack() {
        super(CAPACITY);
        nanos = new long[CAPACITY];
    }

    void add(long at) {
        long ordered = isEmpty() ? at : Math.max(at, nanos[slot(end() - 1)]);
        nanos[claim()] = ordered;
    }

    @Override
    long sortTime(int slot) {
        return nanos[slot];
    }

    long nanos(long index) {
        return nanos[slot(index)];
    }
}
