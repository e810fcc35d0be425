package dev.cairn.app.inspector;

import javafx.scene.canvas.GraphicsContext;

/**
 * The layer-cache heatmap: one row per layer, time along x, each pixel column coloured by the state that
 * covered most of it, with synchronous misses and read errors marked on top. On a GPU streaming run a
 * row's label names the GPU slot its layer is uploaded into ("layer 5 · gpu 1").
 */
final class HeatmapCanvas extends TimeCanvas {

    /** Rows below this height get a label only every few rows. */
    private static final double LABELLED_ROW_HEIGHT = 11;
    private static final double MARK_SIZE = 5;

    private final double[] markX = new double[3];
    private final double[] markY = new double[3];
    private final ColumnCoverage coverage = new ColumnCoverage(LayerState.values().length);
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
        int labelEvery = (int) Math.ceil(LABELLED_ROW_HEIGHT / row);
        for (int layer = 0; layer < heatmap.layers(); layer++) {
            double top = layer * row;
            if (layer % labelEvery == 0) {
                rowLabel(g, label(layer, heatmap.track(layer)), top + row / 2);
            }
            if (!model.isEmpty()) {
                fillRow(g, heatmap.track(layer), viewport, model.latest(), top, row);
                drawMarks(g, heatmap.track(layer), viewport, top);
            }
        }
    }

    /** A row's label: the layer, and the GPU slot it sits in once one is known. */
    static String label(int layer, LayerTrack track) {
        return track.deviceSlot() < 0 ? "layer " + layer : "layer " + layer + " · gpu " + track.deviceSlot();
    }

    private void fillRow(GraphicsContext g, LayerTrack track, TimeViewport viewport, long latest, double top,
            double height) {
        double from = viewport.startNanos();
        double to = Math.min(viewport.endNanos(), latest);
        coverage.reset((int) Math.ceil(viewport.width()));
        long index = track.lastAtOrBefore((long) from);
        double segmentStart = from;
        LayerState state = track.stateAt((long) from);
        for (long next = Math.max(index + 1, track.first()); next < track.end() && track.nanos(next) <= to; next++) {
            coverage.add(viewport.x(segmentStart), viewport.x(track.nanos(next)), state.ordinal());
            segmentStart = Math.max(from, track.nanos(next));
            state = track.state(next);
        }
        coverage.add(viewport.x(segmentStart), viewport.x(to), state.ordinal());
        int runStart = 0;
        int runState = coverage.dominant(0);
        for (int column = 1; column <= coverage.columns(); column++) {
            int s = column < coverage.columns() ? coverage.dominant(column) : -2;
            if (s != runState) {
                if (runState >= 0) {
                    g.setFill(Palette.of(LayerState.of(runState)));
                    g.fillRect(GUTTER + runStart, top, column - runStart, Math.max(1, height - 1));
                }
                runStart = column;
                runState = s;
            }
        }
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
