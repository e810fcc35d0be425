package dev.cairn.runtime.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-size, lock-free, multi-producer ring of engine events. Writers (the compute thread and the I/O
 * threads) claim a sequence number with one atomic increment and fill preallocated arrays, so recording
 * allocates nothing and never blocks. Readers keep their own cursor and may fall behind: events
 * overwritten before a reader got to them are counted as lost, never read torn.
 */
public final class EventRing {

    private static final VarHandle PUBLISHED = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long UNPUBLISHED = -1;

    private final int mask;
    private final AtomicLong next = new AtomicLong();
    private final long[] published; // (capacity) the sequence whose fields a slot holds, or UNPUBLISHED
    private final long[] nanos;     // (capacity)
    private final long[] values;    // (capacity)
    private final int[] kinds;      // (capacity) type ordinal | (layer + 1) << 8
    private final int[] lanes;      // (capacity)

    /** A ring holding the newest {@code capacity} events; capacity is rounded up to a power of two. */
    public EventRing(int capacity) {
        if (capacity < 2 || capacity > 1 << 28) {
            throw new IllegalArgumentException("capacity must be 2 to 2^28, was " + capacity);
        }
        int size = Integer.highestOneBit(capacity - 1) << 1;
        mask = size - 1;
        published = new long[size];
        java.util.Arrays.fill(published, UNPUBLISHED);
        nanos = new long[size];
        values = new long[size];
        kinds = new int[size];
        lanes = new int[size];
    }

    public int capacity() {
        return mask + 1;
    }

    /** Records an event stamped now. Safe from any thread; never blocks or allocates. */
    public void record(EventType type, int layer, int lane, long value) {
        record(type, layer, lane, System.nanoTime(), value);
    }

    /** Records an event with an explicit timestamp (tests and replays). */
    public void record(EventType type, int layer, int lane, long nanosTime, long value) {
        long sequence = next.getAndIncrement();
        int slot = (int) (sequence & mask);
        PUBLISHED.setOpaque(published, slot, UNPUBLISHED);
        VarHandle.storeStoreFence();
        nanos[slot] = nanosTime;
        values[slot] = value;
        kinds[slot] = type.ordinal() | (layer + 1) << 8;
        lanes[slot] = lane;
        PUBLISHED.setRelease(published, slot, sequence);
    }

    /** The sequence the next recorded event will get: the total number of events ever recorded. */
    public long head() {
        return next.get();
    }

    /**
     * Hands every event from {@code cursor} up to the current head to {@code visitor}, oldest first,
     * skipping those already overwritten (and one still being written, which ends the read). Returns the
     * cursor to pass next time.
     */
    public long drain(long cursor, EventVisitor visitor) {
        long head = next.get();
        long sequence = Math.max(cursor, head - capacity());
        for (; sequence < head; sequence++) {
            int slot = (int) (sequence & mask);
            long before = (long) PUBLISHED.getAcquire(published, slot);
            if (before < sequence) {
                return sequence; // claimed but not yet written: read it next time
            }
            if (before > sequence) {
                continue; // overwritten by a newer lap
            }
            long at = nanos[slot];
            long value = values[slot];
            int kind = kinds[slot];
            int lane = lanes[slot];
            VarHandle.loadLoadFence();
            if ((long) PUBLISHED.getAcquire(published, slot) != sequence) {
                continue;
            }
            visitor.event(sequence, EventType.of(kind & 0xFF), (kind >> 8) - 1, lane, at, value);
        }
        return sequence;
    }
}
