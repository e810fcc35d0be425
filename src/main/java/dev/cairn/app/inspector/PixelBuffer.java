package dev.cairn.app.inspector;

import java.util.Arrays;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * An ARGB picture filled one horizontal band at a time and drawn as a single image: a heatmap of
 * thousands of runs per frame costs one image upload instead of a rectangle per run.
 */
final class PixelBuffer {

    private int width;
    private int height;
    private int[] pixels = new int[0];
    private WritableImage image;

    /** Makes the buffer {@code w x h} (at least 1x1) and clears it to {@code argb}. */
    void reset(int w, int h, int argb) {
        w = Math.max(1, w);
        h = Math.max(1, h);
        if (w != width || h != height) {
            width = w;
            height = h;
            pixels = new int[w * h];
            image = new WritableImage(w, h);
        }
        Arrays.fill(pixels, argb);
    }

    int width() {
        return width;
    }

    /** Copies {@code line} (one ARGB value per column) into rows {@code top} to {@code bottom} exclusive. */
    void band(int top, int bottom, int[] line) {
        for (int y = Math.max(0, top); y < Math.min(height, bottom); y++) {
            System.arraycopy(line, 0, pixels, y * width, width);
        }
    }

    /** Draws the picture with its top left corner at ({@code x}, 0), pixel for pixel. */
    void drawTo(GraphicsContext g, double x) {
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        g.setImageSmoothing(false);
        g.drawImage(image, x, 0);
    }
}
