package dev.cairn.bench;

import dev.cairn.app.inspector.InspectorModel;
import dev.cairn.model.InferenceState;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.testing.GeneratedModels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an open inspector costs the engine: decode tokens per second (ops/s) of the generated two-layer
 * model, one compute thread, with no reader of the event ring ({@code inspector=off}) and with a thread
 * that drains the ring into an {@link InspectorModel} 30 times a second, as the inspector's frames do
 * ({@code inspector=30Hz}). Recording is always on either way. The tiny model decodes thousands of
 * tokens per second, so it records events far faster than a real model: the worst case for the reader.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@State(Scope.Benchmark)
public class InspectorDrainBenchmark {

    private static final int CONTEXT = 512;
    private static final long FRAME_NANOS = 33_000_000L;

    /** {@code resident}, or {@code streaming} through a one-layer cache (every layer read every token). */
    @Param({"resident", "streaming"})
    public String residency;

    @Param({"off", "30Hz"})
    public String inspector;

    private Path dir;
    private long openedAt;
    private LoadedModel model;
    private InferenceState state;
    private int vocab;
    private int token = 1;
    private InspectorModel reader;
    private Thread drainer;
    private volatile boolean draining;
    private volatile long readerCpuNanos;
    private long iterationTokens;
    private long iterationCpuNanos;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("cairn-drain-bench");
        Path file = GeneratedModels.writeTiny(dir);
        model = residency.equals("streaming") ? GeneratedModels.openStreaming(file, CONTEXT, 1, 1)
                : GeneratedModels.openResident(file, CONTEXT);
        state = model.newState(CONTEXT);
        vocab = model.config().vocabSize();
        openedAt = System.nanoTime();
        if (inspector.equals("30Hz")) {
            draining = true;
            reader = new InspectorModel(model.config().layers());
            drainer = Thread.ofPlatform().daemon().name("inspector-drainer").start(() -> {
                while (draining) {
                    reader.drain(model.metrics().ring());
                    LockSupport.parkNanos(FRAME_NANOS);
                }
                readerCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            });
        }
    }

    /** Starts counting the compute thread's CPU time and tokens for this iteration. */
    @Setup(Level.Iteration)
    public void startIteration() {
        iterationTokens = 0;
        iterationCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * Prints tokens per CPU second of the compute thread (which computes alone with one thread): unlike
     * tokens per second of wall time it does not move when other processes take the core away, so the
     * reader's effect on the engine itself (CPU caches, the ring's cache lines) shows through that noise.
     */
    @TearDown(Level.Iteration)
    public void endIteration() {
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - iterationCpuNanos;
        System.out.printf(" [%.1f tokens per CPU second]", iterationTokens / (cpu / 1e9));
    }

    @Benchmark
    public float[] decodeToken() {
        if (state.position() == state.contextLength()) {
            state.reset();
        }
        iterationTokens++;
        float[] logits = model.transformer().forward(state, token);
        token = (token * 31 + 7) % vocab;
        return logits;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        draining = false;
        if (drainer != null) {
            drainer.join();
            report();
        }
        model.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The reader's own CPU time over the trial: on a machine with a core to spare this is not taken from
     * the engine at all, and on a saturated one it is the most the reader can take from it.
     */
    private void report() {
        long cpu = readerCpuNanos;
        double seconds = (System.nanoTime() - openedAt) / 1e9;
        System.out.printf("%nreader: %.1f ms CPU in %.1f s (%.3f %% of one core), %,d events read, %,d lost%n",
                cpu / 1e6, seconds, cpu / 1e7 / seconds, reader.events(), reader.lostEvents());
    }
}
