package dev.cairn.runtime.cache;

import dev.cairn.backend.Backend;
import dev.cairn.gguf.FileChangedException;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.Layer;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.LayerSource;
import dev.cairn.model.ModelLoader;
import dev.cairn.model.Weights;
import dev.cairn.runtime.metrics.EngineMetrics;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Layers streamed from disk through a bounded cache while background I/O threads read ahead.
 *
 * <p>Slots follow a {@link CachePlan}: pinned layers are loaded once, the rest cycle through a ring. The
 * forward pass's {@link #acquire} returns at once when the layer is loaded (a hit) and otherwise waits for
 * it (a synchronous miss, timed). {@link #release} hands the slot to the next layer that maps to it, whose
 * read starts immediately on an I/O thread: reads run ahead of compute by the ring's size. Every request,
 * hit, miss, read and eviction goes to the {@link EngineMetrics}.
 *
 * <p>A failed read is retried {@value #ATTEMPTS} times, then the forward pass that needs the layer fails
 * with a {@link LayerLoadException}; a later request reads it again.
 */
public final class StreamingLayers implements LayerSource {

    static final int ATTEMPTS = 3;

    private enum SlotState { EMPTY, LOADING, READY, IN_USE, FAILED }

    private final CachePlan plan;
    private final LayerLoader loader;
    private final EngineMetrics metrics;
    private final Weights weights;
    private final ResidentCopies copies;
    private final long residentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int[] slotLayer;            // (slots) the layer a slot holds or is loading; -1 when empty
    private final SlotState[] slotState;      // (slots)
    private final IOException[] slotError;    // (slots) why the last read failed, when FAILED
    private final int[] slotEvicting;         // (slots) the layer the slot held before, for its reader to evict; -1 if none
    /** Queued to an I/O thread instead of a slot: stop. */
    private static final int STOP = -1;

    private final BlockingQueue<Integer> reads;
    private final Integer[] slotKeys;         // (slots) boxed once, so queueing a read allocates nothing
    private final Thread[] ioThreads;
    private final boolean timeCalls;          // compute spans timed around acquire and release, unless the backend times its layers
    private long cachedBytes;                 // layer bytes loaded or loading
    private long computeStarted;
    private volatile boolean closed;

    StreamingLayers(CachePlan plan, LayerLoader loader, EngineMetrics metrics, Weights weights,
            ResidentCopies copies, int ioThreadCount) {
        this(plan, loader, metrics, weights, copies, ioThreadCount, true);
    }

    private StreamingLayers(CachePlan plan, LayerLoader loader, EngineMetrics metrics, Weights weights,
            ResidentCopies copies, int ioThreadCount, boolean timeCalls) {
        this.timeCalls = timeCalls;
        this.copies = copies;
        this.plan = plan;
        this.loader = loader;
        this.metrics = metrics;
        this.weights = weights;
        this.residentBytes = copies.byteSize();
        int slots = plan.slots();
        slotLayer = new int[slots];
        slotState = new SlotState[slots];
        slotError = new IOException[slots];
        slotEvicting = new int[slots];
        slotKeys = new Integer[slots];
        for (int s = 0; s < slots; s++) {
            slotLayer[s] = -1;
            slotEvicting[s] = -1;
            slotState[s] = SlotState.EMPTY;
            slotKeys[s] = s;
        }
        reads = new ArrayBlockingQueue<>(slots + ioThreadCount); // every slot's read, and a stop per thread
        ioThreads = new Thread[ioThreadCount];
        for (int i = 0; i < ioThreadCount; i++) {
            int lane = i;
            ioThreads[i] = Thread.ofPlatform().daemon().name("cairn-io-" + i).unstarted(() -> readLoop(lane));
        }
    }

    /**
     * Streams {@code manifest}'s layers through a cache of {@code cacheBytes}, on {@code backend}; the other
     * tensors are copied into memory once. Fails when the cache cannot hold one layer ({@link #slotBytes}).
     */
    public static StreamingLayers open(GgufFile file, LayerManifest manifest, Backend backend, long cacheBytes,
            StreamingOptions options, EngineMetrics metrics) throws IOException {
        return open(file, manifest, backend, cacheBytes, options, metrics, UnaryOperator.identity());
    }

    /** As {@link #open}, with the loader wrapped by {@code wrap} (tests slow it down or make it fail). */
    static StreamingLayers open(GgufFile file, LayerManifest manifest, Backend backend, long cacheBytes,
            StreamingOptions options, EngineMetrics metrics, UnaryOperator<LayerLoader> wrap) throws IOException {
        ReadMode mode = options.readMode();
        LayerLayout layout = layoutFor(file, manifest, mode);
        CachePlan cachePlan = plan(manifest, cacheBytes / slotBytes(manifest, layout), options);
        ResidentCopies copies = new ResidentCopies(file, manifest);
        try {
            Weights weights = ModelLoader.weights(file, manifest.config(), copies::bytes);
            LayerLoader loader = wrap.apply(mode == ReadMode.MMAP
                    ? new MappedLoader(file, manifest, copies, backend)
                    : new SlotLoader(file, manifest, layout, cachePlan, copies, backend, mode));
            return start(new StreamingLayers(cachePlan, loader, metrics, weights, copies, options.ioThreads()));
        } catch (IOException | RuntimeException e) {
            copies.close();
            throw e;
        }
    }

    /**
     * Streams {@code manifest}'s layers into the memory of {@code backend}'s device, a cache of
     * {@code deviceCacheBytes} there (slots of {@link #deviceSlotBytes}), read from the file into host-visible
     * staging and uploaded; the layers' compute spans come from the backend's own timing.
     */
    public static StreamingLayers openOnDevice(GgufFile file, LayerManifest manifest, Backend backend,
            long deviceCacheBytes, StreamingOptions options, EngineMetrics metrics) throws IOException {
        LayerLayout layout = new LayerLayout(file, manifest, SlotLoader.ALIGNMENT);
        CachePlan cachePlan = plan(manifest, deviceCacheBytes / deviceSlotBytes(manifest), options);
        ResidentCopies copies = new ResidentCopies(file, manifest);
        try {
            Weights weights = ModelLoader.weights(file, manifest.config(), copies::bytes);
            LayerLoader loader = new DeviceSlotLoader(file, manifest, layout, cachePlan, copies, backend,
                    options.readMode(), options.ioThreads(), metrics);
            boolean backendTimesLayers = backend.timeLayers(metrics::computeSpan);
            return start(new StreamingLayers(cachePlan, loader, metrics, weights, copies, options.ioThreads(),
                    !backendTimesLayers));
        } catch (IOException | RuntimeException e) {
            copies.close();
            throw e;
        }
    }

    /**
     * Host memory the staging buffers of {@link #openOnDevice} take: one layer's slot (as the file lays it
     * out for reads into slots) per I/O thread, whatever the GPU budget.
     */
    public static long deviceStagingBytes(GgufFile file, LayerManifest manifest, int ioThreads) {
        return ioThreads * slotBytes(file, manifest, ReadMode.DIRECT);
    }

    /** Bytes of device memory one slot takes: the largest of each streamed tensor over the layers. */
    public static long deviceSlotBytes(LayerManifest manifest) {
        return Arrays.stream(DeviceSlotLoader.placeBytes(manifest)).sum();
    }

    private static CachePlan plan(LayerManifest manifest, long slots, StreamingOptions options) {
        return CachePlan.of(manifest.layers(), (int) Math.min(manifest.layers(), slots), options.prefetch());
    }

    /** Bytes one cache slot takes when {@code file} streams in {@code mode}: a layer cache holds whole slots. */
    public static long slotBytes(GgufFile file, LayerManifest manifest, ReadMode mode) {
        return slotBytes(manifest, layoutFor(file, manifest, mode));
    }

    /** Where each layer lies in the file, for the modes that read into slots; null for mmap, which reads nothing. */
    private static LayerLayout layoutFor(GgufFile file, LayerManifest manifest, ReadMode mode) {
        return mode == ReadMode.MMAP ? null : new LayerLayout(file, manifest, SlotLoader.ALIGNMENT);
    }

    private static long slotBytes(LayerManifest manifest, LayerLayout layout) {
        if (layout != null) {
            return layout.slotBytes();
        }
        long largest = 0;
        for (int l = 0; l < manifest.layers(); l++) {
            largest = Math.max(largest, manifest.streamedBytes(l));
        }
        return largest;
    }

    /** Starts the I/O threads and the first reads: every slot's first layer, in order. */
    static StreamingLayers start(StreamingLayers layers) {
        for (Thread t : layers.ioThreads) {
            t.start();
        }
        layers.lock.lock();
        try {
            for (int s = 0; s < layers.plan.slots(); s++) {
                layers.schedule(s, s); // slot s first holds layer s
            }
        } finally {
            layers.lock.unlock();
        }
        return layers;
    }

    /** The weights outside the layers (embeddings, classifier, output norm), from the resident copies. */
    public Weights weights() {
        return weights;
    }

    public CachePlan plan() {
        return plan;
    }

    /** How layers are actually read (O_DIRECT falls back to buffered reads where unsupported). */
    public ReadMode mode() {
        return loader.mode();
    }

    /** Off-heap bytes held for layer slots (0 when streaming through the mapping). */
    public long allocatedBytes() {
        return loader.allocatedBytes();
    }

    @Override
    public Layer acquire(int layer) {
        if (closed) {
            throw new IllegalStateException("the model was closed");
        }
        metrics.request(layer);
        int slot = plan.slotOf(layer);
        lock.lock();
        try {
            if (slotState[slot] == SlotState.READY && slotLayer[slot] == layer) {
                metrics.hit(layer);
            } else {
                long waitStart = System.nanoTime();
                awaitLoaded(slot, layer);
                metrics.syncMiss(layer, System.nanoTime() - waitStart);
            }
            slotState[slot] = SlotState.IN_USE;
        } finally {
            lock.unlock();
        }
        if (timeCalls) {
            computeStarted = metrics.computeStart(layer);
        }
        try {
            loader.checkBeforeUse(layer);
        } catch (IOException e) {
            release(layer);
            throw new LayerLoadException("layer " + layer + " cannot be used: " + e.getMessage(), e);
        }
        return loader.layer(layer);
    }

    /** Whether {@code layer}'s bytes are in its slot, ready for the forward pass (what a prefetch test waits for). */
    boolean ready(int layer) {
        int slot = plan.slotOf(layer);
        lock.lock();
        try {
            return slotLayer[slot] == layer && slotState[slot] == SlotState.READY;
        } finally {
            lock.unlock();
        }
    }

    private void awaitLoaded(int slot, int layer) {
        while (slotState[slot] != SlotState.READY || slotLayer[slot] != layer) {
            if (closed) {
                throw new IllegalStateException("the model was closed");
            }
            if (slotLayer[slot] == layer && slotState[slot] == SlotState.FAILED) {
                IOException cause = slotError[slot];
                slotState[slot] = SlotState.EMPTY;
                slotLayer[slot] = -1;
                throw new LayerLoadException("layer " + layer + " could not be read: " + cause.getMessage(), cause);
            }
            if (slotState[slot] != SlotState.LOADING && slotState[slot] != SlotState.IN_USE) {
                schedule(slot, layer);
            }
            changed.awaitUninterruptibly();
        }
    }

    @Override
    public void release(int layer) {
        if (timeCalls) {
            metrics.computeEnd(layer, computeStarted);
        }
        loader.released(layer);
        int slot = plan.slotOf(layer);
        lock.lock();
        try {
            if (slotLayer[slot] == layer && slotState[slot] == SlotState.IN_USE) {
                slotState[slot] = SlotState.READY;
                int next = plan.nextInSlot(layer);
                if (next != layer) {
                    schedule(slot, next);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Points {@code slot} at {@code layer} and queues its read. What the slot held is evicted by the reader
     * before it reads (releasing a mapped layer's pages is a system call over the whole layer, which
     * belongs on an I/O thread, not on the forward pass). Under the lock.
     */
    private void schedule(int slot, int layer) {
        int old = slotLayer[slot];
        if (old >= 0 && slotState[slot] != SlotState.FAILED && slotState[slot] != SlotState.EMPTY) {
            long freed = loader.bytes(old);
            if (slotEvicting[slot] >= 0) {
                loader.evict(slotEvicting[slot]); // rescheduled before its reader got to it
            }
            slotEvicting[slot] = old;
            cachedBytes -= freed;
            metrics.evict(old, freed);
        }
        slotLayer[slot] = layer;
        slotState[slot] = SlotState.LOADING;
        slotError[slot] = null;
        cachedBytes += loader.bytes(layer);
        metrics.cacheBytes(residentBytes + cachedBytes);
        reads.add(slotKeys[slot]);
    }

    private void readLoop(int lane) {
        while (!closed) {
            int slot;
            try {
                slot = reads.take();
            } catch (InterruptedException e) {
                return;
            }
            if (slot == STOP) {
                return;
            }
            int layer;
            int evictee;
            lock.lock();
            try {
                if (slotState[slot] != SlotState.LOADING) {
                    continue;
                }
                layer = slotLayer[slot];
                evictee = slotEvicting[slot];
                slotEvicting[slot] = -1;
            } finally {
                lock.unlock();
            }
            if (evictee >= 0) {
                loader.evict(evictee);
            }
            IOException failure = read(layer, lane);
            lock.lock();
            try {
                if (slotLayer[slot] == layer && slotState[slot] == SlotState.LOADING) {
                    slotState[slot] = failure == null ? SlotState.READY : SlotState.FAILED;
                    slotError[slot] = failure;
                    if (failure != null) {
                        cachedBytes -= loader.bytes(layer);
                        metrics.cacheBytes(residentBytes + cachedBytes);
                    }
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Reads {@code layer}, retrying transient failures; returns the last failure, or null. */
    private IOException read(int layer, int lane) {
        IOException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS && !closed; attempt++) {
            long start = System.nanoTime();
            metrics.ioStart(layer, lane, loader.bytes(layer));
            try {
                long bytes = loader.load(layer);
                metrics.ioEnd(layer, lane, bytes, System.nanoTime() - start);
                return null;
            } catch (FileChangedException e) {
                metrics.ioError(layer, lane, attempt);
                return e;
            } catch (IOException e) {
                metrics.ioError(layer, lane, attempt);
                failure = e;
            } catch (RuntimeException e) {
                metrics.ioError(layer, lane, attempt);
                failure = new IOException(e.toString(), e);
            }
        }
        return failure != null ? failure : new IOException("the model was closed");
    }

    @Override
    public void passEnd(int tokens) {
        metrics.passEnd(tokens);
    }

    /** Layers read through the mapping fault when the file shrinks between the check before use and the compute. */
    @Override
    public void explain(Throwable failure) {
        try {
            loader.checkBeforeUse(0);
        } catch (IOException e) {
            LayerLoadException changed = new LayerLoadException("the layers cannot be used: " + e.getMessage(), e);
            changed.addSuppressed(failure);
            throw changed;
        }
    }

    /**
     * Stops the I/O threads (waiting for reads in flight) and frees the slots. Idempotent. The threads are
     * told to stop through the queue, not interrupted: an interrupt that lands in a file channel operation
     * closes the channel for every thread, and the model's file outlives this cache.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < ioThreads.length; i++) {
            reads.add(STOP);
        }
        boolean interrupted = false;
        for (Thread t : ioThreads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        loader.close();
        copies.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

}
