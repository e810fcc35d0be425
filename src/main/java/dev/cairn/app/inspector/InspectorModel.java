package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventRing;
import dev.cairn.runtime.metrics.EventType;
import dev.cairn.runtime.metrics.EventVisitor;

/**
 * Everything the inspector draws, built from the events of one engine's ring and nothing else. Not
 * thread-safe: one thread (the FX thread in the app) drains and reads it. Public for the benchmarks,
 * which drain into it exactly as the inspector does.
 */
public final class InspectorModel implements EventVisitor {

    private final LayerHeatmap heatmap;
    private final Timeline timeline;
    private final EventLog log;
    private final PassTrack passes = new PassTrack();
    private final FirstTokenClock firstToken = new FirstTokenClock();
    private long cursor;
    private long nextSequence = -1;
    private long lostEvents;
    private long events;
    private long origin;
    private long latest;

    /** An empty model with a heatmap row for each of {@code layers} layers. */
    public InspectorModel(int layers) {
        this(new LayerHeatmap(layers), new Timeline(), new EventLog());
    }

    InspectorModel(LayerHeatmap heatmap, Timeline timeline, EventLog log) {
        this.heatmap = heatmap;
        this.timeline = timeline;
        this.log = log;
    }

    /** Reads what the ring holds beyond what was read before; returns the number of events read. */
    public long drain(EventRing ring) {
        long before = events;
        cursor = ring.drain(cursor, this);
        return events - before;
    }

    @Override
    public void event(long sequence, EventType type, int layer, int lane, long nanos, long value) {
        if (nextSequence < 0) {
            origin = nanos;
            latest = nanos;
            if (sequence > 0) {
                heatmap.historyMissing();
            }
        } else if (sequence > nextSequence) {
            lostEvents += sequence - nextSequence;
            heatmap.lost(nanos);
            timeline.lost();
            firstToken.lost();
        }
        nextSequence = sequence + 1;
        events++;
        latest = Math.max(latest, nanos);
        heatmap.accept(type, layer, lane, nanos, value);
        timeline.accept(type, layer, lane, nanos, value);
        log.add(sequence, type, layer, lane, nanos, value);
        firstToken.accept(type, nanos);
        if (type == EventType.PASS_END) {
            passes.add(nanos);
        }
    }

    LayerHeatmap heatmap() {
        return heatmap;
    }

    PassTrack passes() {
        return passes;
    }

    Timeline timeline() {
        return timeline;
    }

    EventLog log() {
        return log;
    }

    /** Events read so far. */
    public long events() {
        return events;
    }

    /** Events the ring overwrote before they were read (not counting those before the first read). */
    public long lostEvents() {
        return lostEvents;
    }

    /** nanoTime of the first event read: time zero of the axes. */
    long origin() {
        return origin;
    }

    /** nanoTime of the newest event read. */
    long latest() {
        return latest;
    }

    boolean isEmpty() {
        return events == 0;
    }

    /** The latest generation's time to first token in nanoseconds, or -1. */
    long firstTokenNanos() {
        return firstToken.latestNanos();
    }
}
