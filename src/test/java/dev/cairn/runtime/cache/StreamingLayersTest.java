package dev.cairn.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.ModelLoader;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.model.synth.SyntheticModel;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.metrics.EngineMetrics;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's scheduling, driven the way the forward pass drives it (acquire, compute, release, for each
 * layer) with compute simulated by sleeping, and a real loader reading a generated eight-layer model,
 * slowed down or made to fail.
 */
@Timeout(120)
class StreamingLayersTest {

    private static final int LAYERS = 8;

    @TempDir
    static Path dir;
    static Path model;

    private GgufFile file;
    private LayerManifest manifest;
    private MemoryPlan plan;
    private CpuBackend backend;
    private final EngineMetrics metrics = new EngineMetrics();

    @BeforeAll
    static void generate() throws IOException {
        model = dir.resolve("deep-q8.gguf");
        new SyntheticModel(ModelShape.TEST_DEEP, QuantMix.byName("Q8_0").orElseThrow(), 3).write(model);
    }

    @BeforeEach
    void open() throws IOException {
        file = GgufFile.open(model);
        ModelConfig config = ModelLoader.config(file);
        assertEquals(LAYERS, config.layers());
        manifest = LayerManifest.of(file, config);
        plan = MemoryPlan.of(file, manifest, 64, GgmlType.F16);
        backend = new CpuBackend(1);
    }

    @AfterEach
    void close() {
        backend.close();
        file.close();
    }

    private StreamingLayers stream(int slots, int prefetch, int ioThreads, UnaryOperator<LayerLoader> wrap)
            throws IOException {
        long budget = plan.budgetForSlots(file, ReadMode.BUFFERED, slots);
        StreamingOptions options = new StreamingOptions(prefetch, ioThreads, ReadMode.BUFFERED);
        return StreamingLayers.open(file, manifest, backend, plan.cacheBytes(budget), options, metrics, wrap);
    }

    /** Runs {@code passes} forward passes, computing each layer for {@code computeMillis}. */
    private static void passes(StreamingLayers layers, int passes, long computeMillis) throws InterruptedException {
        for (int p = 0; p < passes; p++) {
            for (int l = 0; l < LAYERS; l++) {
                layers.acquire(l);
                Thread.sleep(computeMillis);
                layers.release(l);
            }
            layers.passEnd(1);
        }
    }

    /**
     * Prefetch reads the next layer while the current one computes: each layer's compute lasts until the
     * next layer is ready (a hang guard aside), which it only becomes without the forward pass asking if the
     * cache read it ahead; then no layer after the first pass waits for its bytes. Steps, not timings: the
     * reads are slowed down, and nothing depends on how long anything takes.
     */
    @Test
    void prefetchReadsTheNextLayerWhileTheCurrentOneComputes() throws Exception {
        try (StreamingLayers layers = stream(5, 2, 1, l -> new LoaderWrapper(l, LoaderWrapper.delay(2)))) {
            assertEquals(new CachePlan(LAYERS, 2, 3), layers.plan());
            passesUntilTheNextLayerIsReady(layers, 1);
            MetricsSnapshot afterFirst = metrics.snapshot();
            passesUntilTheNextLayerIsReady(layers, 4);
            MetricsSnapshot later = metrics.snapshot().minus(afterFirst);
            assertEquals(0, later.syncLoads(), "after the first token no layer waits for its bytes");
            assertEquals(4L * LAYERS, later.hits());
            assertEquals(4L * layers.plan().layersReadPerPass(), later.evictions());
        }
    }

    private static void passesUntilTheNextLayerIsReady(StreamingLayers layers, int passes) throws InterruptedException {
        for (int p = 0; p < passes; p++) {
            for (int l = 0; l < LAYERS; l++) {
                layers.acquire(l);
                int next = (l + 1) % LAYERS;
                long guard = System.nanoTime() + 30_000_000_000L;
                while (!layers.ready(next)) {
                    assertTrue(System.nanoTime() < guard, "layer " + next + " was never read ahead of layer " + l);
                    Thread.sleep(1);
                }
                layers.release(l);
            }
            layers.passEnd(1);
        }
    }

    @Test
    void readsSlowerThanComputeDegradeToWaitingNotFailing() throws Exception {
        try (StreamingLayers layers = stream(5, 2, 1, l -> new LoaderWrapper(l, LoaderWrapper.delay(25)))) {
            passes(layers, 1, 1);
            MetricsSnapshot afterFirst = metrics.snapshot();
            long start = System.nanoTime();
            passes(layers, 3, 1);
            long elapsed = System.nanoTime() - start;
            MetricsSnapshot later = metrics.snapshot().minus(afterFirst);
            System.out.printf("25 ms reads, 1 ms compute: %.2f sync loads per pass, I/O wait %.0f%%, %.0f ms per pass%n",
                    later.syncLoads() / 3.0, 100 * later.ioWaitShare(), elapsed / 3e6);
            assertTrue(later.syncLoads() > 0, "the forward pass waits for the slow reads");
            assertTrue(later.ioWaitShare() > 0.5, "waiting dominates: " + later.ioWaitShare());
            // Reads go on back to back: a pass takes about the streamed layers' read time, not more.
            int reads = layers.plan().layersReadPerPass();
            assertTrue(elapsed / 3e6 >= reads * 25 * 0.9, "a pass cannot be faster than its reads");
        }
    }

    /**
     * Closing the cache while a read is in flight waits for it rather than interrupting the I/O thread: an
     * interrupt landing in a file channel operation closes the channel, and the model's file (which the
     * loader checks before every read) outlives this cache. The read here holds until the closing thread is
     * parked joining the I/O threads, after any interrupt would have been sent.
     */
    @Test
    void closingWaitsForReadsInFlightWithoutInterruptingThem() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        LoaderWrapper.BeforeRead hold = layer -> {
            if (layer == 1 && reading.getCount() > 0) {
                reading.countDown();
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                }
            }
        };
        StreamingLayers layers = stream(5, 2, 1, l -> new LoaderWrapper(l, hold));
        layers.acquire(0);
        layers.release(0);
        reading.await();
        Thread closer = Thread.ofPlatform().start(layers::close);
        while (closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        release.countDown();
        closer.join();
        assertTrue(!interrupted.get(), "close interrupted a read in flight");
        file.checkUnchanged();
        try (StreamingLayers again = stream(5, 2, 1, UnaryOperator.identity())) {
            passes(again, 1, 0);
        }
    }

    @Test
    void transientReadErrorsAreRetried() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        LoaderWrapper.BeforeRead flaky = layer -> {
            if (layer == 5 && failures.getAndIncrement() < StreamingLayers.ATTEMPTS - 1) {
                throw new IOException("injected read error");
            }
        };
        try (StreamingLayers layers = stream(3, 1, 1, l -> new LoaderWrapper(l, flaky))) {
            passes(layers, 2, 0);
            assertEquals(StreamingLayers.ATTEMPTS - 1, metrics.snapshot().ioErrors());
        }
    }

    @Test
    void aReadThatKeepsFailingFailsThatPassAndTheNextPassReadsAgain() throws Exception {
        Set<Integer> broken = ConcurrentHashMap.newKeySet();
        broken.add(6);
        try (StreamingLayers layers = stream(3, 1, 1, l -> new LoaderWrapper(l, layer -> {
            if (broken.contains(layer)) {
                throw new IOException("disk on fire");
            }
        }))) {
            for (int l = 0; l < 6; l++) {
                layers.acquire(l);
                layers.release(l);
            }
            LayerLoadException e = assertThrows(LayerLoadException.class, () -> layers.acquire(6));
            assertTrue(e.getMessage().contains("layer 6") && e.getMessage().contains("disk on fire"), e.getMessage());
            assertEquals(StreamingLayers.ATTEMPTS, metrics.snapshot().ioErrors());
            broken.clear();
            passes(layers, 2, 0);
        }
    }

    @Test
    void closeStopsTheReadersEvenWithReadsInFlight() throws Exception {
        StreamingLayers layers = stream(4, 2, 2, l -> new LoaderWrapper(l, LoaderWrapper.delay(200)));
        assertTrue(ioThreads() >= 2);
        long start = System.nanoTime();
        layers.close();
        assertTrue((System.nanoTime() - start) / 1e6 < 2000, "close does not wait out slow reads");
        assertEquals(0, ioThreads(), "no reader thread outlives the cache");
        assertThrows(IllegalStateException.class, () -> layers.acquire(LAYERS - 1));
        layers.close();
    }

    private static long ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cairn-io-") && t.isAlive()).count();
    }

    @Test
    void theCacheNeverHoldsMoreThanTheBudgetAllows() throws Exception {
        for (int slots = 1; slots <= LAYERS; slots++) {
            long budget = plan.budgetForSlots(file, ReadMode.BUFFERED, slots);
            try (StreamingLayers layers = stream(slots, 2, 2, UnaryOperator.identity())) {
                passes(layers, 3, 0);
                MetricsSnapshot s = metrics.snapshot();
                long layerBudget = budget - plan.kvBytes() - plan.scratchBytes();
                assertTrue(s.peakCacheBytes() <= layerBudget, slots + " slots: peak " + s.peakCacheBytes()
                        + " > " + layerBudget);
                assertTrue(plan.residentBytes() + layers.allocatedBytes() <= layerBudget,
                        slots + " slots: allocated more than the budget");
            }
        }
    }

    @Test
    void aBudgetBelowOneLayerIsRefusedWithTheMinimum() {
        long tooSmall = plan.budgetForSlots(file, ReadMode.BUFFERED, 1) - 1;
        LoadOptions options = LoadOptions.defaults(1).withContext(64, GgmlType.F16).withResidency(Residency.STREAMING)
                .withBudget(MemoryBudget.ofBytes(tooSmall)).withStreaming(2, 1, ReadMode.BUFFERED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadedModel.open(model, options));
        assertTrue(e.getMessage().contains("needs at least " + Bytes.format(tooSmall + 1)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamingLayers.open(file, manifest, backend,
                plan.cacheBytes(tooSmall), options.streaming(), metrics), "no cache without room for a layer");
    }

    @Test
    void theMatricesOfALayerStayTheSameObjects() throws Exception {
        try (StreamingLayers layers = stream(3, 1, 1, UnaryOperator.identity())) {
            var first = layers.acquire(4);
            layers.release(4);
            passes(layers, 1, 0);
            assertSame(first, layers.acquire(4), "built once per layer: the forward pass allocates nothing");
            layers.release(4);
            assertEquals(ReadMode.BUFFERED, layers.mode());
        }
    }
}
