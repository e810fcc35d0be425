package dev.cairn.bench;

import dev.cairn.app.inspector.InspectorModel;
import dev.cairn.app.inspector.InspectorView;
import dev.cairn.app.inspector.InspectorViewModel;
import dev.cairn.model.InferenceState;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.metrics.EngineMetrics;
import dev.cairn.testing.GeneratedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
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
 * The inspector under 100,000 events of a real run: a generated model decoding while it streams through a
 * cache of fewer layers than it has, until its ring has recorded {@value #EVENTS} events (reads, evictions,
 * sync misses, computes, pass ends). {@code shape=test-tiny}: the two-layer test model through a one-layer
 * cache, one I/O thread; {@code shape=tinyllama-1.1b}: TinyLlama's 22 layers (Q4_0, written in about ten
 * seconds) through a four-layer cache, two I/O threads. {@code ingest} drains all the events into a fresh
 * {@link InspectorModel}, as the first frame after attaching does; {@code frame} redraws the whole
 * inspector with all of them in the window ("Show all") and renders it on JavaFX's software pipeline
 * (headless): the cost of one frame at worst.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dglass.platform=Headless", "-Dprism.order=sw"})
public class InspectorBenchmark {

    static final int EVENTS = 100_000;

    /** The engine's metrics after a run that recorded at least {@value #EVENTS} events, all still in its ring. */
    @State(Scope.Benchmark)
    public static class Recording {

        @Param({"test-tiny", "tinyllama-1.1b"})
        public String shape;

        EngineMetrics metrics;
        int layers;

        @Setup(Level.Trial)
        public void record() throws IOException {
            Path dir = Files.createTempDirectory("cairn-inspector-bench");
            boolean tiny = shape.equals(ModelShape.TEST_TINY.id());
            Path file = tiny ? GeneratedModels.writeTiny(dir)
                    : GeneratedModels.write(dir, ModelShape.byId(shape).orElseThrow(), "Q4_0");
            try (LoadedModel model = GeneratedModels.openStreaming(file, 512, tiny ? 1 : 4, tiny ? 1 : 2)) {
                metrics = model.metrics();
                layers = model.config().layers();
                InferenceState state = model.newState(512);
                int vocab = model.config().vocabSize();
                for (int token = 1; metrics.ring().head() < EVENTS; token = (token * 31 + 7) % vocab) {
                    if (state.position() == state.contextLength()) {
                        state.reset();
                    }
                    model.transformer().forward(state, token);
                }
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            System.out.printf("%nrecorded %,d events (ring of %,d)%n", metrics.ring().head(),
                    metrics.ring().capacity());
        }
    }

    /** A model that has read nothing yet. */
    @State(Scope.Thread)
    public static class Fresh {

        InspectorModel model;

        @Setup(Level.Invocation)
        public void create(Recording recording) {
            model = new InspectorModel(recording.layers);
        }
    }

    /** The inspector in a 1280x720 scene, showing every event of the recording. */
    @State(Scope.Benchmark)
    public static class Screen {

        InspectorView view;
        WritableImage image;

        @Setup(Level.Trial)
        public void show(Recording recording) throws Exception {
            Platform.startup(() -> { });
            onFx(() -> {
                InspectorViewModel viewModel = new InspectorViewModel();
                viewModel.attach(recording.metrics, recording.layers);
                view = new InspectorView(viewModel);
                new Scene(view, 1280, 720);
                view.applyCss();
                view.layout();
                viewModel.pulse(System.nanoTime());
                viewModel.showAll();
                image = new WritableImage(1280, 720);
                System.out.printf("%ninspector holds %,d events%n", viewModel.eventsProperty().get());
                return null;
            });
        }

        @TearDown(Level.Trial)
        public void exit() {
            Platform.exit();
        }
    }

    @Benchmark
    public long ingest(Recording recording, Fresh fresh) {
        return fresh.model.drain(recording.metrics.ring());
    }

    @Benchmark
    public WritableImage frame(Screen screen) throws Exception {
        return onFx(() -> {
            screen.view.redraw();
            return screen.view.snapshot(null, screen.image);
        });
    }

    private static <T> T onFx(Callable<T> action) throws Exception {
        FutureTask<T> task = new FutureTask<>(action);
        Platform.runLater(task);
        return task.get(30, TimeUnit.SECONDS);
    }
}
