package dev.cairn.runtime.metrics;

/** Receives events read from an {@link EventRing}, one call each, without allocation. */
@FunctionalInterface
public interface EventVisitor {

    /**
     * @param sequence    the event's position in the ring's total order (0 for the first event ever)
     * @param nanos       {@link System#nanoTime()} when it happened
     */
    void event(long sequence, EventType type, int layer, int lane, long nanos, long value);
}
