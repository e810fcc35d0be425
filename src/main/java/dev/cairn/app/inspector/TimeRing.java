package dev.cairn.app.inspector;

/**
 * Index arithmetic of a bounded, time-ordered history kept in parallel primitive arrays: entries get
 * ever-increasing logical indices, the oldest are overwritten once {@code capacity} are held, and lookups
 * by time are binary searches. Subclasses own the arrays and say which time each slot sorts by.
 */
abstract class TimeRing {

    private final int mask;
    private long first;
    private long end;

    TimeRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        mask = capacity - 1;
    }

    final int capacity() {
        return mask + 1;
    }

    /** The oldest index still held. */
    final long first() {
        return first;
    }

    /** One past the newest index. */
    final long end() {
        return end;
    }

    final boolean isEmpty() {
        return first == end;
    }

    final int slot(long index) {
        return (int) (index & mask);
    }

    /** Claims the next index, dropping the oldest entry when full; returns its slot to fill. */
    final int claim() {
        if (end - first == capacity()) {
            first++;
        }
        return slot(end++);
    }

    /** The time an entry sorts by; non-decreasing with the index. */
    abstract long sortTime(int slot);

    /** The newest index whose time is at most {@code nanos}, or {@code first() - 1} if there is none. */
    final long lastAtOrBefore(long nanos) {
        long low = first;
        long high = end - 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            if (sortTime(slot(mid)) <= nanos) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }

    /** The oldest index whose time is at least {@code nanos}, or {@code end()} if there is none. */
    final long firstAtOrAfter(long nanos) {
        long low = first;
        long high = end;
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (sortTime(slot(mid)) < nanos) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
