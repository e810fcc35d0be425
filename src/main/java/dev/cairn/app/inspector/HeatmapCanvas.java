package dev.cairn.app.inspector;

import javafx.scene.canvas.GraphicsContext;

/**
 * The layer-cache heatmap: one row per layer, time along x, each pixel column coloured by the state that
 * covered most of it, with synchronous misses and read errors marked on top. Rows are painted into a
 * {@link PixelBuffer}, so a frame costs the same however many state changes are in view.
 */
final class HeatmapCanvas extends TimeCanvas {

    /** Rows below this height get a label only every few rows. */
    private static final double LABELLED_ROW_HEIGHT = 11;
    /** Rows at least this high keep a one-pixel gap below them. */
    private static final double GAPPED_ROW_HEIGHT = 4;
    private static final double MARK_SIZE = 5;

    private final double[] markX = new double[3];
    private final double[] markY = new double[3];
    private final ColumnCoverage coverage = new ColumnCoverage(LayerState.values().length);
    private final PixelBuffer pixels = new PixelBuffer();
    private int[] line = new int[0];
    private int layers = 1;

    double rowHeight() {
        return getHeight() / Math.max(1, layers);
    }

    double rowCenterY(int layer) {
        return (layer + 0.5) * rowHeight();
    }

    /** The layer under canvas {@code y}, or -1. */
    int layerAt(double y) {
        int layer = (int) Math.floor(y / rowHeight());
        return layer >= 0 && layer < layers ? layer : -1;
    }

    @Override
    void draw(InspectorModel model, TimeViewport viewport) {
        GraphicsContext g = begin();
        LayerHeatmap heatmap = model.heatmap();
        layers = Math.max(1, heatmap.layers());
        double row = rowHeight();
        int background = Palette.argb(Palette.BACKGROUND);
        pixels.reset((int) Math.ceil(getWidth() - GUTTER), (int) Math.ceil(getHeight()), background);
        if (!model.isEmpty()) {
            for (int layer = 0; layer < heatmap.layers(); layer++) {
                int top = (int) Math.round(layer * row);
                int bottom = (int) Math.round((layer + 1) * row) - (row >= GAPPED_ROW_HEIGHT ? 1 : 0);
                pixels.band(top, bottom, rowColours(heatmap.track(layer), viewport, model.latest()));
            }
        }
        pixels.drawTo(g, GUTTER);
        int labelEvery = (int) Math.ceil(LABELLED_ROW_HEIGHT / row);
        for (int layer = 0; layer < heatmap.layers(); layer++) {
            if (layer % labelEvery == 0) {
                rowLabel(g, "layer " + layer, (layer + 0.5) * row);
            }
            if (!model.isEmpty()) {
                drawMarks(g, heatmap.track(layer), viewport, layer * row);
            }
        }
    }

    /** The colour of each plot column of one row: its dominant state up to the newest event, else background. */
    private int[] rowColours(LayerTrack track, TimeViewport viewport, long latest) {
        double from = viewport.startNanos();
        double to = Math.min(viewport.endNanos(), latest);
        coverage.reset(pixels.width());
        long index = track.lastAtOrBefore((long) from);
        double segmentStart = from;
        LayerState state = track.stateAt((long) from);
        for (long next = Math.max(index + 1, track.first()); next < track.end() && track.nanos(next) <= to; next++) {
            coverage.add(viewport.x(segmentStart), viewport.x(track.nanos(next)), state.ordinal());
            segmentStart = Math.max(from, track.nanos(next));
            state = track.state(next);
        }
        coverage.add(viewport.x(segmentStart), viewport.x(to), state.ordinal());
        if (line.length != pixels.width()) {
            line = new int[pixels.width()];
        }
        int background = Palette.argb(Palette.BACKGROUND);
        for (int column = 0; column < line.length; column++) {
            int dominant = coverage.dominant(column);
            line[column] = dominant < 0 ? background : Palette.argb(LayerState.of(dominant));
        }
        return line;
    }

    private void drawMarks(GraphicsContext g, LayerTrack track, TimeViewport viewport, double top) {
        long last = track.lastAtOrBefore((long) viewport.endNanos());
        double lastX = Double.NaN;
        for (long i = Math.max(track.first(), track.firstAtOrAfter((long) viewport.startNanos())); i <= last; i++) {
            if (!track.isMark(i)) {
                continue;
            }
            double x = canvasX(viewport, track.nanos(i));
            if (Math.floor(x) == Math.floor(lastX)) {
                continue;
            }
            lastX = x;
            g.setFill(Palette.mark(track.type(i)));
            markX[0] = x - MARK_SIZE / 2;
            markX[1] = x + MARK_SIZE / 2;
            markX[2] = x;
            markY[0] = top;
            markY[1] = top;
            markY[2] = top + MARK_SIZE;
            g.fillPolygon(markX, markY, 3);
        }
    }
}
