package dev.cairn.runtime.metrics;

/**
 * What happened to a layer (or a token) at one instant. The {@code value} recorded with each event is
 * described per constant; {@code layer} is -1 where no layer applies.
 */
public enum EventType {
    /** The forward pass asks for a layer. value: 0. */
    LAYER_REQUEST,
    /** The layer was already in memory when asked for. value: 0. */
    CACHE_HIT,
    /** The layer was not ready; the forward pass waited for it. value: nanoseconds waited. */
    SYNC_MISS,
    /** An I/O thread starts reading a layer. lane: the I/O thread. value: bytes to read. */
    IO_START,
    /** An I/O thread finished reading a layer. lane: the I/O thread. value: bytes read. */
    IO_END,
    /** A read failed (it may be retried). lane: the I/O thread. value: the attempt number. */
    IO_ERROR,
    /** A layer's bytes left the cache to make room. value: bytes freed. */
    EVICT,
    /** A layer's bytes start crossing from host staging memory into its device slot. lane: the device slot. value: bytes. */
    UPLOAD_START,
    /** The upload into the device slot finished (the device signalled it). lane: the device slot. value: bytes. */
    UPLOAD_END,
    /** A compute thread starts a layer. lane: the compute thread. value: 0. */
    COMPUTE_START,
    /** A compute thread finished a layer. lane: the compute thread. value: 0. */
    COMPUTE_END,
    /** A forward pass ended. layer: -1. value: tokens the pass evaluated (1 when decoding). */
    PASS_END,
    /** A server request starts waiting for a session. layer: -1. lane: its place in the queue. value: the request's number. */
    REQUEST_QUEUED,
    /** A request leaves the queue (to a session, or given up). layer: -1. lane: its place in the queue. value: its number. */
    REQUEST_DEQUEUED,
    /** A session starts a request: its prompt is evaluated. layer: -1. lane: the session. value: the request's number. */
    PREFILL_START,
    /** The request's prompt is evaluated: its answer is decoded. layer: -1. lane: the session. value: its number. */
    DECODE_START,
    /** The session finished the request (answered, stopped or failed). layer: -1. lane: the session. value: its number. */
    REQUEST_END;

    private static final EventType[] VALUES = values();

    static EventType of(int ordinal) {
        return VALUES[ordinal];
    }
}
