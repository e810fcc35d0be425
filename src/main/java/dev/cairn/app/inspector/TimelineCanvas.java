package dev.cairn.app.inspector;

import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;

/**
 * The I/O-versus-compute timeline: one lane per worker, a bar per span (spans narrower than a pixel that
 * fall in a column already drawn are skipped), the span in progress up to the newest event, token
 * boundaries (pass ends) behind the bars, and the time axis underneath.
 */
final class TimelineCanvas extends TimeCanvas {

    static final double AXIS_HEIGHT = 18;
    private static final double MIN_TICK_PIXELS = 90;
    private static final double LABELLED_SPAN_PIXELS = 28;
    private static final double PASS_LINE_SPACING = 4;

    private int lanes = 1;

    double laneHeight() {
        return (getHeight() - AXIS_HEIGHT) / Math.max(1, lanes);
    }

    double laneCenterY(int lane) {
        return (lane + 0.5) * laneHeight();
    }

    /** The lane under canvas {@code y}, as an index into the timeline's lanes, or -1. */
    int laneAt(double y) {
        int lane = (int) Math.floor(y / laneHeight());
        return lane >= 0 && lane < lanes ? lane : -1;
    }

    @Override
    void draw(InspectorModel model, TimeViewport viewport) {
        GraphicsContext g = begin();
        List<LaneTrack> tracks = model.timeline().lanes();
        lanes = Math.max(1, tracks.size());
        double height = laneHeight();
        passLines(g, model.passes(), viewport, getHeight() - AXIS_HEIGHT);
        for (int lane = 0; lane < tracks.size(); lane++) {
            LaneTrack track = tracks.get(lane);
            double top = lane * height;
            rowLabel(g, track.lane().label(), top + height / 2);
            drawSpans(g, track, viewport, top + 2, Math.max(1, height - 4));
            if (track.hasOpenSpan()) {
                bar(g, viewport, track.openKind(), track.openLayer(), track.openStart(), model.latest(), top + 2,
                        Math.max(1, height - 4));
            }
        }
        drawAxis(g, viewport, model.origin());
    }

    /**
     * Thin lines where forward passes ended (token boundaries), skipped where they would fall closer than
     * {@link #PASS_LINE_SPACING} pixels to the previous one.
     */
    private static void passLines(GraphicsContext g, PassTrack passes, TimeViewport viewport, double height) {
        g.setStroke(Palette.PASS_END);
        g.setLineWidth(1);
        double previous = Double.NEGATIVE_INFINITY;
        for (long i = passes.firstAtOrAfter((long) viewport.startNanos()); i < passes.end()
                && passes.nanos(i) <= viewport.endNanos(); i++) {
            double x = Math.floor(canvasX(viewport, passes.nanos(i))) + 0.5;
            if (x - previous >= PASS_LINE_SPACING) {
                g.strokeLine(x, 0, x, height);
                previous = x;
            }
        }
    }

    private void drawSpans(GraphicsContext g, LaneTrack track, TimeViewport viewport, double top, double height) {
        double lastColumn = Double.NaN;
        for (long i = track.firstAtOrAfter((long) viewport.startNanos()); i < track.end()
                && track.spanStart(i) <= viewport.endNanos(); i++) {
            double x0 = canvasX(viewport, track.spanStart(i));
            double x1 = canvasX(viewport, track.spanEnd(i));
            if (x1 - x0 < 1 && Math.floor(x0) == lastColumn) {
                continue;
            }
            lastColumn = Math.floor(x0);
            bar(g, viewport, track.kind(i), track.layer(i), track.spanStart(i), track.spanEnd(i), top, height);
        }
    }

    private void bar(GraphicsContext g, TimeViewport viewport, SpanKind kind, int layer, long start, long end,
            double top, double height) {
        double x0 = Math.max(GUTTER, canvasX(viewport, start));
        double x1 = Math.min(getWidth(), canvasX(viewport, end));
        if (x1 < GUTTER || x0 > getWidth()) {
            return;
        }
        g.setFill(Palette.of(kind));
        g.fillRect(x0, top, Math.max(1, x1 - x0), height);
        if (x1 - x0 >= LABELLED_SPAN_PIXELS) {
            g.setFill(Palette.BACKGROUND);
            g.fillText(Integer.toString(layer), x0 + 3, top + height / 2, x1 - x0 - 4);
        }
    }

    private void drawAxis(GraphicsContext g, TimeViewport viewport, long origin) {
        double y = getHeight() - AXIS_HEIGHT;
        g.setStroke(Palette.GRID);
        g.strokeLine(GUTTER, y + 0.5, getWidth(), y + 0.5);
        long step = TimeAxis.step(viewport.nanosPerPixel(), MIN_TICK_PIXELS);
        long firstTick = Math.floorDiv((long) viewport.startNanos() - origin, step) * step + step;
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(Palette.TEXT);
        for (long tick = firstTick; origin + tick <= viewport.endNanos(); tick += step) {
            double x = canvasX(viewport, origin + tick);
            g.strokeLine(x + 0.5, y, x + 0.5, y + 4);
            g.fillText(TimeAxis.label(tick, step), x, y + AXIS_HEIGHT / 2 + 2);
        }
        g.setTextAlign(TextAlignment.LEFT);
    }
}
