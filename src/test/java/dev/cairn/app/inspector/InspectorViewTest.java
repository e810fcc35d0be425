package dev.cairn.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.model.InferenceState;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.metrics.EventType;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Backends;
import dev.cairn.testing.GeneratedModels;
import dev.cairn.testing.OnFx;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The inspector on screen (JavaFX's headless platform) while the generated two-layer model streams
 * through a one-layer cache: every token evicts and re-reads both layers, so all states, sync misses,
 * reads and computes appear. Asserts on the view model and on canvas pixels.
 */
@ExtendWith(ApplicationExtension.class)
class InspectorViewTest {

    private static final int CONTEXT = 96;
    private static final int TOKENS = 24;

    @TempDir
    static Path dir;
    private static Path modelFile;

    private InspectorViewModel viewModel;
    private InspectorView view;
    private LoadedModel model;

    @BeforeAll
    static void writeModel() throws IOException {
        modelFile = GeneratedModels.writeTiny(dir);
    }

    @Start
    void start(Stage stage) {
        viewModel = new InspectorViewModel();
        view = new InspectorView(viewModel);
        stage.setScene(new Scene(view, 1100, 620));
        stage.show();
    }

    @AfterEach
    void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void generatingPaintsLayerStatesAndTimelineSpans() throws Exception {
        model = GeneratedModels.openStreaming(modelFile, CONTEXT, 1, 1);
        assertEquals(Residency.STREAMING, model.residency());
        onFx(() -> {
            viewModel.attach(model.metrics(), model.config().layers());
            return null;
        });
        long framesBefore = viewModel.framesProperty().get();
        long started = System.nanoTime();

        generate();
        awaitDrained();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        long frames = viewModel.framesProperty().get() - framesBefore;
        assertTrue(frames >= 1 && frames <= elapsedMillis / 33 + 2,
                frames + " frames in " + elapsedMillis + " ms: at most 30 per second");

        InspectorModel data = onFx(viewModel::model);
        assertEquals(0, viewModel.lostEventsProperty().get());
        assertTrue(viewModel.firstTokenMillisProperty().get() > 0, "time to first token from the events");
        LaneTrack compute = lane(data, LaneKind.COMPUTE);
        LaneTrack reader = lane(data, LaneKind.IO);
        long computeSpans = count(compute, SpanKind.COMPUTE);
        assertEquals(2L * (TOKENS + 1), computeSpans, "a span per layer per pass: the prompt, then each token");
        assertTrue(count(reader, SpanKind.READ) >= computeSpans, "a one-layer cache reads every layer every pass");
        // Layer 1's read starts when layer 0 is released and is needed at once: a pass can hardly avoid waiting.
        assertTrue(count(compute, SpanKind.WAIT) > 0, "the forward pass waits for reads");
        assertTrue(has(data.heatmap().track(1), EventType.SYNC_MISS),
                "marked on the heatmap; passes " + model.metrics().snapshot().passes() + ", misses "
                        + model.metrics().snapshot().syncLoads() + ", hits " + model.metrics().snapshot().hits());
        for (int layer = 0; layer < 2; layer++) {
            assertTrue(has(data.heatmap().track(layer), EventType.EVICT), "layer " + layer + " is evicted every pass");
        }

        // Zoom onto layer 1's last computation, so that it spans the middle half of the plot.
        long index = lastOf(compute, SpanKind.COMPUTE, 1);
        long from = compute.spanStart(index);
        long to = compute.spanEnd(index);
        long middle = (from + to) / 2;
        Image heatmap = onFx(() -> {
            viewModel.show(from - (to - from) / 2, to + (to - from) / 2);
            view.redraw();
            return view.heatmapCanvas().snapshot(null, null);
        });
        TimeViewport viewport = onFx(viewModel::viewport);
        int x = (int) TimeCanvas.canvasX(viewport, middle);
        HeatmapCanvas heatmapCanvas = view.heatmapCanvas();
        assertEquals(LayerState.COMPUTING, data.heatmap().stateAt(1, middle));
        assertEquals(Palette.of(LayerState.COMPUTING), pixel(heatmap, x, heatmapCanvas.rowCenterY(1)));
        assertEquals(LayerState.EVICTED, data.heatmap().stateAt(0, middle), "its slot went to layer 1");
        assertEquals(Palette.of(LayerState.EVICTED), pixel(heatmap, x, heatmapCanvas.rowCenterY(0)));
        for (int column = 0; column < (int) viewport.width(); column += 7) {
            long at = (long) viewport.nanosAt(column + 0.5);
            if (at < data.latest() && onlyStateAround(data.heatmap().track(1), at, viewport.nanosPerPixel())) {
                assertEquals(Palette.of(data.heatmap().stateAt(1, at)),
                        pixel(heatmap, TimeCanvas.GUTTER + column, heatmapCanvas.rowCenterY(1)), "column " + column);
            }
        }

        Image timeline = onFx(() -> view.timelineCanvas().snapshot(null, null));
        int computeLane = data.timeline().lanes().indexOf(compute);
        assertEquals(Palette.of(SpanKind.COMPUTE), pixel(timeline, x, view.timelineCanvas().laneCenterY(computeLane)));

        onFx(() -> {
            viewModel.hoverHeatmap(1, x - TimeCanvas.GUTTER);
            return null;
        });
        assertTrue(viewModel.hoverTextProperty().get().startsWith("COMPUTE_START · layer 1 · t="),
                viewModel.hoverTextProperty().get());
        onFx(() -> {
            viewModel.hoverTimeline(computeLane, x - TimeCanvas.GUTTER);
            return null;
        });
        assertTrue(viewModel.hoverTextProperty().get().startsWith("compute 0 · compute layer 1 · t="),
                viewModel.hoverTextProperty().get());
    }

    /**
     * The two layers streaming through one slot of a GPU's memory (the Vulkan and the OpenCL device of the
     * GPU tests, lavapipe and PoCL in CI): a GPU upload lane beside the compute lane, a span per upload, drawn
     * in its colour; the heatmap's rows uploading while they upload, labelled with the device slot they stream
     * into.
     */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void aStreamingGpuRunHasAnUploadLane(String api) throws Exception {
        LoadOptions probe = LoadOptions.resident(1).withContext(CONTEXT, GgmlType.F16);
        long weights;
        try (LoadedModel cpu = LoadedModel.open(modelFile, probe)) {
            weights = cpu.plan().weightsBytes();
        }
        model = LoadedModel.open(modelFile, LoadOptions.defaults(1).withContext(CONTEXT, GgmlType.F16)
                .withBackend(Backends.choice(api)).withGpuBudget(MemoryBudget.ofBytes(weights - 1)));
        assertEquals(Residency.STREAMING, model.residency());
        onFx(() -> {
            viewModel.attach(model.metrics(), model.config().layers());
            return null;
        });
        generate();
        awaitDrained();

        InspectorModel data = onFx(viewModel::model);
        LaneTrack uploads = lane(data, LaneKind.TRANSFER);
        LaneTrack compute = lane(data, LaneKind.COMPUTE);
        assertEquals(2L * (TOKENS + 1), count(compute, SpanKind.COMPUTE), "the GPU's layer spans: a span per layer per pass");
        assertTrue(count(uploads, SpanKind.UPLOAD) >= 2L * (TOKENS + 1), "a one-slot cache uploads every layer every pass");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> viewModel.uploadBytesPerSecondProperty().get() > 0
                && viewModel.busBoundTokensPerSecondProperty().get() > 0);

        long index = lastOf(uploads, SpanKind.UPLOAD, 1);
        long from = uploads.spanStart(index);
        long to = uploads.spanEnd(index);
        Image[] shots = onFx(() -> {
            viewModel.show(from - (to - from) / 2, to + (to - from) / 2);
            view.redraw();
            return new Image[] {view.timelineCanvas().snapshot(null, null), view.heatmapCanvas().snapshot(null, null)};
        });
        Image timeline = shots[0];
        TimeViewport viewport = onFx(viewModel::viewport);
        int x = (int) TimeCanvas.canvasX(viewport, (from + to) / 2);
        int uploadLane = data.timeline().lanes().indexOf(uploads);
        assertEquals(Palette.of(SpanKind.UPLOAD), pixel(timeline, x, view.timelineCanvas().laneCenterY(uploadLane)));
        // The heatmap: layer 1's row is uploading during its upload, and each row names the device slot it streams into.
        assertEquals(LayerState.UPLOADING, data.heatmap().stateAt(1, (from + to) / 2));
        assertEquals(Palette.of(LayerState.UPLOADING), pixel(shots[1], x, view.heatmapCanvas().rowCenterY(1)));
        for (int layer = 0; layer < 2; layer++) {
            assertEquals(0, data.heatmap().track(layer).deviceSlot(), "one device slot holds every layer in turn");
            assertEquals("layer " + layer + " · gpu 0", HeatmapCanvas.label(layer, data.heatmap().track(layer)));
        }
        onFx(() -> {
            viewModel.hoverTimeline(uploadLane, x - TimeCanvas.GUTTER);
            return null;
        });
        assertTrue(viewModel.hoverTextProperty().get().startsWith("GPU upload 0 · upload layer 1 · t="),
                viewModel.hoverTextProperty().get());
    }

    @Test
    void exportsTheWindowAsCsvAndTheViewAsPng() throws Exception {
        model = GeneratedModels.openStreaming(modelFile, CONTEXT, 1, 1);
        onFx(() -> {
            viewModel.attach(model.metrics(), model.config().layers());
            return null;
        });
        generate();
        awaitDrained();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> viewModel.tokensPerSecondProperty().get() > 0);
        long budget = viewModel.budgetBytesProperty().get();
        assertTrue(budget > 0 && viewModel.cacheBytesProperty().get() <= budget, "streaming stays in its budget");
        onFx(() -> {
            viewModel.showAll();
            view.redraw();
            return null;
        });

        Path csv = dir.resolve("events.csv");
        long[] held = new long[1];
        long written = onFx(() -> {
            held[0] = viewModel.model().events();
            return viewModel.exportCsv(csv);
        }).get(10, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(written + 1, lines.size());
        assertEquals(held[0], written, "the whole run is in the window");
        assertEquals("sequence,type,layer,lane,nanos,ms,value", lines.getFirst());
        assertTrue(lines.stream().skip(1).allMatch(line -> line.split(",").length == 7));

        Path png = Path.of("target", "screenshots", "inspector.png");
        onFx(() -> view.exportPng(png)).get(10, TimeUnit.SECONDS);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals((int) view.getWidth(), image.getWidth());
        assertEquals((int) view.getHeight(), image.getHeight());
        if (Boolean.getBoolean("cairn.updateScreenshots")) {
            Path asset = Path.of("assets", "screenshots", "inspector.png");
            Files.createDirectories(asset.getParent());
            Files.copy(png, asset, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void pausingStopsReadingTheRingUntilResumed() throws Exception {
        model = GeneratedModels.openResident(modelFile, CONTEXT);
        onFx(() -> {
            viewModel.attach(model.metrics(), model.config().layers());
            viewModel.pausedProperty().set(true);
            return null;
        });
        generate();
        long framesWhilePaused = viewModel.framesProperty().get();
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        assertEquals(0, (long) onFx(() -> viewModel.model().events()), "paused: nothing read");
        assertTrue(viewModel.framesProperty().get() - framesWhilePaused <= 1, "and nothing redrawn");

        onFx(() -> {
            viewModel.pausedProperty().set(false);
            return null;
        });
        awaitDrained();
        assertEquals(model.metrics().ring().head(), (long) onFx(() -> viewModel.model().events()),
                "resumed: everything the ring held, nothing lost");
        assertEquals(1.0, viewModel.hitRateProperty().get(), "a resident model hits every time");
        assertEquals(model.metrics().snapshot().cacheBytes(), viewModel.cacheBytesProperty().get());
    }

    @Test
    void draggingPansBackInTimeAndTurnsFollowLiveOff(FxRobot robot) throws Exception {
        model = GeneratedModels.openResident(modelFile, CONTEXT);
        onFx(() -> {
            viewModel.attach(model.metrics(), model.config().layers());
            return null;
        });
        generate();
        awaitDrained();
        double endBefore = onFx(() -> viewModel.viewport().endNanos());
        double nanosPerPixel = onFx(() -> viewModel.viewport().nanosPerPixel());
        assertTrue(viewModel.followLiveProperty().get());

        robot.drag(view.heatmapCanvas()).moveBy(120, 0).drop();

        assertFalse(viewModel.followLiveProperty().get());
        double moved = endBefore - onFx(() -> viewModel.viewport().endNanos());
        assertEquals(120 * nanosPerPixel, moved, 2 * nanosPerPixel, "the content follows the mouse");
        assertFalse(robot.lookup(".toggle-button").<javafx.scene.control.ToggleButton>queryAll().stream()
                .filter(b -> b.getText().equals("Follow live")).findFirst().orElseThrow().isSelected());
    }

    @Test
    void aViewModelWatchingTheLoadedModelAttachesToEachInTurn() throws Exception {
        model = GeneratedModels.openResident(modelFile, CONTEXT);
        SimpleObjectProperty<LoadedModel> loaded = new SimpleObjectProperty<>();
        InspectorViewModel watching = onFx(() -> InspectorViewModel.watching(loaded));
        assertFalse(watching.attachedProperty().get());
        onFx(() -> {
            loaded.set(model);
            return null;
        });
        assertTrue(watching.attachedProperty().get());
        assertEquals(model.config().layers(), (int) onFx(() -> watching.model().heatmap().layers()));
        generate();
        onFx(() -> watching.pulse(System.nanoTime()));
        assertEquals(model.metrics().ring().head(), watching.eventsProperty().get());
        assertEquals(1.0, watching.hitRateProperty().get());

        onFx(() -> {
            loaded.set(null);
            return null;
        });
        assertFalse(watching.attachedProperty().get());
        onFx(() -> {
            loaded.set(model);
            return null;
        });
        assertTrue(Double.isNaN(watching.hitRateProperty().get()), "a newly attached engine's figures start unknown");
        assertEquals(0, watching.eventsProperty().get());
    }

    /** Greedy decoding of {@value #TOKENS} tokens after a short prompt: a pass per token, whatever is picked. */
    private void generate() {
        InferenceState state = model.newState(CONTEXT);
        float[] logits = model.transformer().forwardPrompt(state, new int[] {1, 300, 301, 302});
        for (int i = 0; i < TOKENS; i++) {
            logits = model.transformer().forward(state, argmax(logits));
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private void awaitDrained() throws Exception {
        // The I/O thread goes on reading ahead after the last token, so more events may follow.
        long head = model.metrics().ring().head();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> viewModel.model().events()) >= head);
    }

    private static <T> T onFx(Callable<T> action) {
        return OnFx.call(action);
    }

    private static Color pixel(Image image, double x, double y) {
        return image.getPixelReader().getColor((int) x, (int) y);
    }

    private static LaneTrack lane(InspectorModel data, LaneKind kind) {
        return data.timeline().lanes().stream().filter(t -> t.lane().kind() == kind).findFirst().orElseThrow();
    }

    private static long count(LaneTrack track, SpanKind kind) {
        long count = 0;
        for (long i = track.first(); i < track.end(); i++) {
            count += track.kind(i) == kind ? 1 : 0;
        }
        return count;
    }

    private static long lastOf(LaneTrack track, SpanKind kind, int layer) {
        for (long i = track.end() - 1; i >= track.first(); i--) {
            if (track.kind(i) == kind && track.layer(i) == layer) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " span of layer " + layer);
    }

    private static boolean has(LayerTrack track, EventType type) {
        for (long i = track.first(); i < track.end(); i++) {
            if (track.type(i) == type) {
                return true;
            }
        }
        return false;
    }

    /** Whether one state covers the whole pixel column around {@code at}, so its colour is unambiguous. */
    private static boolean onlyStateAround(LayerTrack track, long at, double nanosPerPixel) {
        long margin = (long) Math.ceil(nanosPerPixel);
        return track.lastAtOrBefore(at - margin) == track.lastAtOrBefore(at + margin);
    }
}
