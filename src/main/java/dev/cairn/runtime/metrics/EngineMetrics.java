package dev.cairn.runtime.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's observable side: every event goes to an {@link EventRing} (what the inspector draws) and
 * into running totals (what {@link #snapshot()} summarises). Recording is allocation-free and lock-free,
 * so it stays on in every run.
 */
public final class EngineMetrics {

    /** Default ring size: enough for the inspector's window of a few hundred tokens of a 32-layer model. */
    public static final int DEFAULT_RING_CAPACITY = 1 << 17;

    private final EventRing ring;
    private final long startNanos = System.nanoTime();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong uploadNanos = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong syncLoads = new AtomicLong();
    private final AtomicLong syncWaitNanos = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong ioNanos = new AtomicLong();
    private final AtomicLong ioErrors = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong computeNanos = new AtomicLong();
    private final AtomicLong cacheBytes = new AtomicLong();
    private final AtomicLong peakCacheBytes = new AtomicLong();
    private volatile long budgetBytes;

    public EngineMetrics() {
        this(DEFAULT_RING_CAPACITY);
    }

    public EngineMetrics(int ringCapacity) {
        ring = new EventRing(ringCapacity);
    }

    public EventRing ring() {
        return ring;
    }

    /**
     * The budget the model was loaded under: on the CPU the whole process (JVM, weights, KV cache and scratch),
     * on a GPU the device memory its weights may take; 0 when unbounded.
     */
    public void budget(long bytes) {
        budgetBytes = bytes;
    }

    public void request(int layer) {
        requests.incrementAndGet();
        ring.record(EventType.LAYER_REQUEST, layer, 0, 0);
    }

    public void hit(int layer) {
        hits.incrementAndGet();
        ring.record(EventType.CACHE_HIT, layer, 0, 0);
    }

    public void syncMiss(int layer, long waitedNanos) {
        syncLoads.incrementAndGet();
        syncWaitNanos.addAndGet(waitedNanos);
        ring.record(EventType.SYNC_MISS, layer, 0, waitedNanos);
    }

    public void ioStart(int layer, int ioThread, long bytes) {
        ring.record(EventType.IO_START, layer, ioThread, bytes);
    }

    public void ioEnd(int layer, int ioThread, long bytes, long tookNanos) {
        bytesRead.addAndGet(bytes);
        ioNanos.addAndGet(tookNanos);
        ring.record(EventType.IO_END, layer, ioThread, bytes);
    }

    public void ioError(int layer, int ioThread, int attempt) {
        ioErrors.incrementAndGet();
        ring.record(EventType.IO_ERROR, layer, ioThread, attempt);
    }

    public void uploadStart(int layer, int deviceSlot, long bytes) {
        ring.record(EventType.UPLOAD_START, layer, deviceSlot, bytes);
    }

    public void uploadEnd(int layer, int deviceSlot, long bytes, long tookNanos) {
        uploadedBytes.addAndGet(bytes);
        uploadNanos.addAndGet(tookNanos);
        ring.record(EventType.UPLOAD_END, layer, deviceSlot, bytes);
    }

    public void evict(int layer, long bytes) {
        evictions.incrementAndGet();
        ring.record(EventType.EVICT, layer, 0, bytes);
    }

    /** Returns the start time to hand back to {@link #computeEnd}. */
    public long computeStart(int layer) {
        long now = System.nanoTime();
        ring.record(EventType.COMPUTE_START, layer, 0, now, 0);
        return now;
    }

    public void computeEnd(int layer, long startedNanos) {
        long now = System.nanoTime();
        computeNanos.addAndGet(now - startedNanos);
        ring.record(EventType.COMPUTE_END, layer, 0, now, 0);
    }

    /** A layer that computed from {@code startNanos} to {@code endNanos}, as a backend measured it afterwards. */
    public void computeSpan(int layer, long startNanos, long endNanos) {
        computeNanos.addAndGet(endNanos - startNanos);
        ring.record(EventType.COMPUTE_START, layer, 0, startNanos, 0);
        ring.record(EventType.COMPUTE_END, layer, 0, endNanos, 0);
    }

    public void passEnd(int tokensEvaluated) {
        passes.incrementAndGet();
        tokens.addAndGet(tokensEvaluated);
        ring.record(EventType.PASS_END, -1, 0, tokensEvaluated);
    }

    /** A server request waits for a session, in place {@code queueLane} of the queue (for the timeline's lanes). */
    public void requestQueued(int queueLane, long request) {
        ring.record(EventType.REQUEST_QUEUED, -1, queueLane, request);
    }

    public void requestDequeued(int queueLane, long request) {
        ring.record(EventType.REQUEST_DEQUEUED, -1, queueLane, request);
    }

    /** Session {@code session} starts evaluating the request's prompt. */
    public void prefillStart(int session, long request) {
        ring.record(EventType.PREFILL_START, -1, session, request);
    }

    /** The request's prompt is evaluated; its answer is being decoded. */
    public void decodeStart(int session, long request) {
        ring.record(EventType.DECODE_START, -1, session, request);
    }

    public void requestEnd(int session, long request) {
        ring.record(EventType.REQUEST_END, -1, session, request);
    }

    /** The layer cache now holds {@code bytes}. */
    public void cacheBytes(long bytes) {
        cacheBytes.set(bytes);
        peakCacheBytes.accumulateAndGet(bytes, Math::max);
    }

    /** The totals so far. */
    public MetricsSnapshot snapshot() {
        return new MetricsSnapshot(System.nanoTime() - startNanos, passes.get(), tokens.get(), requests.get(),
                hits.get(), syncLoads.get(), syncWaitNanos.get(), bytesRead.get(), ioNanos.get(), ioErrors.get(),
                evictions.get(), computeNanos.get(), cacheBytes.get(), peakCacheBytes.get(), budgetBytes,
                uploadedBytes.get(), uploadNanos.get());
    }
}
