package dev.cairn.app.inspector;

import java.util.Locale;

/** What a worker was doing during a span of the timeline. */
public enum SpanKind {
    /** An I/O thread reading a layer (IO_START..IO_END); the span carries the bytes read. */
    READ,
    /** A read attempt that failed (IO_START..IO_ERROR); it may be retried. */
    FAILED_READ,
    /** A compute thread working on a layer (COMPUTE_START..COMPUTE_END). */
    COMPUTE,
    /** The forward pass waiting for a layer it needed (a SYNC_MISS, drawn back from when it was recorded). */
    WAIT,
    /** A layer crossing into a GPU's device slot (UPLOAD_START..UPLOAD_END); the span carries the bytes. */
    UPLOAD,
    /** A server request waiting for a session (REQUEST_QUEUED..REQUEST_DEQUEUED). */
    QUEUED,
    /** A session evaluating a request's prompt (PREFILL_START..DECODE_START, or REQUEST_END). */
    PREFILL,
    /** A session writing a request's answer, a token per pass (DECODE_START..REQUEST_END). */
    DECODE;

    private static final SpanKind[] VALUES = values();

    static SpanKind of(int ordinal) {
        return VALUES[ordinal];
    }

    /** What the number a span carries counts: a layer, or a server request. */
    String subject() {
        return ordinal() >= QUEUED.ordinal() ? "request" : "layer";
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
