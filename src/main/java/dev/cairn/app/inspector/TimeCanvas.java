package dev.cairn.app.inspector;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A canvas with a gutter of row labels on the left and time running left to right over the rest, on the
 * shared {@link TimeViewport}: the heatmap and the timeline line up pixel for pixel.
 */
abstract class TimeCanvas extends Canvas {

    /** Width of the label gutter; the viewport covers the canvas width minus this. */
    static final double GUTTER = 72;
    static final Font LABEL_FONT = Font.font(10);

    /** The viewport's width for a canvas of {@code width} pixels. */
    static double plotWidth(double width) {
        return Math.max(1, width - GUTTER);
    }

    /** The canvas x of a time. */
    static double canvasX(TimeViewport viewport, double nanos) {
        return GUTTER + viewport.x(nanos);
    }

    /** Clears to the background and prepares the text style; returns the context to draw with. */
    final GraphicsContext begin() {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Palette.BACKGROUND);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setFont(LABEL_FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        return g;
    }

    /** Writes a row label in the gutter, centred on {@code y}. */
    final void rowLabel(GraphicsContext g, String text, double y) {
        g.setFill(Palette.TEXT);
        g.fillText(text, 4, y, GUTTER - 8);
    }

    /** Redraws everything from the model at the viewport. */
    abstract void draw(InspectorModel model, TimeViewport viewport);
}
