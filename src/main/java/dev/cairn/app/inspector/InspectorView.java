package dev.cairn.app.inspector;

import dev.cairn.runtime.Bytes;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The live performance inspector: counters, the layer-cache heatmap with its legend, and the
 * I/O-versus-compute timeline, all drawn from an {@link InspectorViewModel}. Wheel zooms, dragging pans,
 * hovering names the event under the mouse. The view starts its view model's timer while it is in a
 * showing window and stops it otherwise.
 */
public final class InspectorView extends BorderPane {

    /** Heatmap pixels per layer row when there is room. */
    private static final double ROW_PIXELS = 12;
    private static final double LANE_PIXELS = 26;
    /** Zoom factor per scroll pixel: one wheel notch (40 px) zooms by about 1.2. */
    private static final double ZOOM_PER_PIXEL = 1.0045;

    private final InspectorViewModel viewModel;
    private final HeatmapCanvas heatmap = new HeatmapCanvas();
    private final TimelineCanvas timeline = new TimelineCanvas();
    private double dragX;

    public InspectorView(InspectorViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("inspector");
        setTop(new VBox(toolbar(), counters(), new SpeedPanel(viewModel.speed())));
        setCenter(plots());
        setBottom(hoverLine());
        viewModel.framesProperty().subscribe(frame -> redraw());
        sceneProperty().flatMap(Scene::windowProperty).flatMap(Window::showingProperty).orElse(false)
                .subscribe(this::runWhileShown);
    }

    private void runWhileShown(boolean showing) {
        if (showing) {
            viewModel.start();
        } else {
            viewModel.stop();
        }
    }

    /** Snapshots the whole inspector into a PNG file (encoded in the background). */
    public CompletableFuture<Path> exportPng(Path file) {
        return PngExport.write(this, file);
    }

    /** Draws both canvases from the view model now; the view does so on every frame the view model counts. */
    public void redraw() {
        viewModel.resize(TimeCanvas.plotWidth(heatmap.getWidth()));
        heatmap.draw(viewModel.model(), viewModel.viewport());
        timeline.draw(viewModel.model(), viewModel.viewport());
    }

    HeatmapCanvas heatmapCanvas() {
        return heatmap;
    }

    TimelineCanvas timelineCanvas() {
        return timeline;
    }

    private ToolBar toolbar() {
        ToggleButton follow = new ToggleButton("Follow live");
        follow.selectedProperty().bindBidirectional(viewModel.followLiveProperty());
        ToggleButton pause = new ToggleButton("Pause");
        pause.selectedProperty().bindBidirectional(viewModel.pausedProperty());
        Button all = new Button("Show all");
        all.setOnAction(e -> viewModel.showAll());
        Button png = new Button("Export PNG…");
        png.setOnAction(e -> chooseFile("inspector.png", "PNG image", "*.png").ifPresent(this::exportPng));
        Button csv = new Button("Export CSV…");
        csv.setOnAction(e -> chooseFile("inspector-events.csv", "CSV events", "*.csv")
                .ifPresent(viewModel::exportCsv));
        Label events = new Label();
        events.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%,d events, %,d lost", viewModel.eventsProperty().get(),
                        viewModel.lostEventsProperty().get()),
                viewModel.eventsProperty(), viewModel.lostEventsProperty()));
        return new ToolBar(follow, pause, all, png, csv, events);
    }

    private Optional<Path> chooseFile(String name, String description, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return Optional.ofNullable(file).map(File::toPath);
    }

    private Node plots() {
        CanvasPane heatmapPane = new CanvasPane(heatmap);
        CanvasPane timelinePane = new CanvasPane(timeline);
        heatmapPane.setPrefHeight(ROW_PIXELS * 24);
        timelinePane.setPrefHeight(LANE_PIXELS * 3 + TimelineCanvas.AXIS_HEIGHT);
        VBox.setVgrow(heatmapPane, Priority.ALWAYS);
        VBox.setVgrow(timelinePane, Priority.SOMETIMES);
        heatmap.addEventHandler(MouseEvent.MOUSE_MOVED, e -> viewModel.hoverHeatmap(
                heatmap.layerAt(e.getY()), e.getX() - TimeCanvas.GUTTER));
        timeline.addEventHandler(MouseEvent.MOUSE_MOVED, e -> viewModel.hoverTimeline(
                timeline.laneAt(e.getY()), e.getX() - TimeCanvas.GUTTER));
        VBox plots = new VBox(4, heatmapPane, legend(), timelinePane);
        plots.setPadding(new Insets(4, 0, 4, 0));
        return plots;
    }

    private Node hoverLine() {
        Label hover = new Label();
        hover.textProperty().bind(viewModel.hoverTextProperty());
        hover.setPadding(new Insets(2, 6, 2, 6));
        return hover;
    }

    private Node counters() {
        ProgressBar cache = new ProgressBar();
        cache.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            long budget = viewModel.budgetBytesProperty().get();
            return budget == 0 ? 0 : Math.min(1, viewModel.cacheBytesProperty().get() / (double) budget);
        }, viewModel.cacheBytesProperty(), viewModel.budgetBytesProperty()));
        cache.setPrefWidth(80);
        Label cacheText = counter(Bindings.createStringBinding(() -> {
            long budget = viewModel.budgetBytesProperty().get();
            return "cache " + Bytes.format(viewModel.cacheBytesProperty().get()) + " of "
                    + (budget == 0 ? "no budget" : Bytes.format(budget));
        }, viewModel.cacheBytesProperty(), viewModel.budgetBytesProperty()));
        FlowPane counters = new FlowPane(16, 4,
                counter(number("prefetch hit rate ", viewModel.hitRateProperty(), 100, "%.1f", " %")),
                counter(number("sync loads/token ", viewModel.syncLoadsPerTokenProperty(), 1, "%.2f", "")),
                counter(number("I/O wait ", viewModel.ioWaitShareProperty(), 100, "%.1f", " %")),
                counter(number("read ", viewModel.readBytesPerSecondProperty(), 1e-6, "%.1f", " MB/s")),
                counter(number("upload ", viewModel.uploadBytesPerSecondProperty(), 1e-6, "%.1f", " MB/s")),
                counter(number("bus-bound ", viewModel.busBoundTokensPerSecondProperty(), 1, "%.1f", " tokens/s")),
                counter(number("", viewModel.tokensPerSecondProperty(), 1, "%.1f", " tokens/s")),
                counter(number("TTFT ", viewModel.firstTokenMillisProperty(), 1, "%.0f", " ms")),
                new HBox(6, cacheText, cache));
        counters.setPadding(new Insets(4, 6, 4, 6));
        return counters;
    }

    private static Label counter(StringBinding text) {
        Label label = new Label();
        label.textProperty().bind(text);
        return label;
    }

    /** The value times {@code scale} between a name and a unit; a dash while the value is unknown (NaN). */
    private static StringBinding number(String name, ObservableValue<Number> value, double scale, String format,
            String unit) {
        return Bindings.createStringBinding(() -> {
            double v = value.getValue().doubleValue();
            return name + (Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v * scale)) + unit;
        }, value);
    }

    private static Node legend() {
        FlowPane legend = new FlowPane(12, 2);
        legend.setPadding(new Insets(0, 6, 0, TimeCanvas.GUTTER));
        for (LayerState state : LayerState.values()) {
            legend.getChildren().add(swatch(Palette.of(state), state.label()));
        }
        legend.getChildren().addAll(swatch(Palette.SYNC_MISS, "sync miss (▼, wait)"),
                swatch(Palette.IO_ERROR, "I/O error (▼, failed read)"));
        for (SpanKind request : new SpanKind[] {SpanKind.QUEUED, SpanKind.PREFILL, SpanKind.DECODE}) {
            legend.getChildren().add(swatch(Palette.of(request), "server request " + request.label()));
        }
        return legend;
    }

    private static Node swatch(Color colour, String text) {
        Label label = new Label(text, new Rectangle(10, 10, colour));
        label.setGraphicTextGap(4);
        return label;
    }

    /** Keeps a canvas the size of its pane, redraws when that changes, and turns mouse input into zoom and pan. */
    private final class CanvasPane extends Pane {

        private final TimeCanvas canvas;

        CanvasPane(TimeCanvas canvas) {
            this.canvas = canvas;
            canvas.setManaged(false);
            getChildren().add(canvas);
            setMinHeight(40);
            canvas.addEventHandler(ScrollEvent.SCROLL, e -> viewModel.zoom(Math.pow(ZOOM_PER_PIXEL, e.getDeltaY()),
                    e.getX() - TimeCanvas.GUTTER));
            canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> dragX = e.getX());
            canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
                viewModel.pan(e.getX() - dragX);
                dragX = e.getX();
            });
            canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> viewModel.clearHover());
        }

        @Override
        protected void layoutChildren() {
            if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
                canvas.setWidth(getWidth());
                canvas.setHeight(getHeight());
                redraw();
            }
        }
    }
}
