package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;

/**
 * The kinds of worker the timeline draws a lane for, in the order their lanes appear. A new kind of
 * worker (a GPU queue) is one more constant and the events that belong to it.
 */
public enum LaneKind {
    IO("I/O"),
    COMPUTE("compute"),
    /** A GPU's device slot: layers uploaded into it from host staging memory. */
    TRANSFER("GPU upload"),
    /** A session of the OpenAI-compatible server: the request it is answering, prompt then answer. */
    SESSION("session"),
    /** A place in the server's queue: a request waiting for a session. */
    QUEUE("queued");

    private final String label;

    LaneKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The kind of lane an event's {@code lane} field numbers, or null if the event belongs to none. */
    static LaneKind of(EventType type) {
        return switch (type) {
            case IO_START, IO_END, IO_ERROR -> IO;
            case COMPUTE_START, COMPUTE_END, SYNC_MISS -> COMPUTE;
            case UPLOAD_START, UPLOAD_END -> TRANSFER;
            case PREFILL_START, DECODE_START, REQUEST_END -> SESSION;
            case REQUEST_QUEUED, REQUEST_DEQUEUED -> QUEUE;
            case LAYER_REQUEST, CACHE_HIT, EVICT, PASS_END -> null;
        };
    }
}
