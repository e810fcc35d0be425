package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;
import java.util.Locale;

/**
 * What the heatmap knows about a layer at one moment, derived from the layer's events alone. Transitions
 * tolerate events of different threads arriving slightly out of order (an I/O thread's IO_END recorded
 * after the compute thread already started the layer does not undo COMPUTING).
 */
public enum LayerState {
    /** Events were lost since the last thing known about this layer. */
    UNKNOWN,
    /** Never loaded since the model was attached. */
    NOT_CACHED,
    /** An I/O thread is reading it (IO_START..IO_END). */
    LOADING,
    /** Crossing the bus from host staging into its GPU slot (UPLOAD_START..UPLOAD_END). */
    UPLOADING,
    /** Read ahead (and on a GPU uploaded) and waiting to be computed (IO_END or UPLOAD_END..COMPUTE_START). */
    PREFETCHED,
    /** A compute thread is working on it (COMPUTE_START..COMPUTE_END). */
    COMPUTING,
    /** In memory and already used (after COMPUTE_END, or a cache hit on a layer not seen loading). */
    CACHED,
    /** Its bytes left the cache (EVICT). */
    EVICTED;

    private static final LayerState[] VALUES = values();

    static LayerState of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The state after {@code type} happens to a layer in this state. */
    LayerState after(EventType type) {
        return switch (type) {
            case IO_START -> LOADING;
            case IO_END -> this == LOADING ? PREFETCHED : this;
            case UPLOAD_START -> UPLOADING;
            case UPLOAD_END -> this == UPLOADING ? PREFETCHED : this;
            case COMPUTE_START -> COMPUTING;
            case COMPUTE_END -> CACHED;
            case EVICT -> EVICTED;
            case CACHE_HIT -> this == UNKNOWN || this == NOT_CACHED || this == EVICTED ? CACHED : this;
            case LAYER_REQUEST, SYNC_MISS, IO_ERROR, PASS_END, REQUEST_QUEUED, REQUEST_DEQUEUED, PREFILL_START, DECODE_START,
                 REQUEST_END -> this;
        };
    }

    /** Lower-case words for legends and hover text. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
