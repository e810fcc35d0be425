package dev.cairn.app.inspector;

import java.util.Arrays;

/**
 * Which state covers most of each pixel column of a heatmap row. Zoomed out, a column spans many
 * events; colouring it by its dominant state keeps the picture true to where the time went instead of
 * showing whichever event happened to be drawn last.
 */
final class ColumnCoverage {

    private final int states;
    private float[] coverage = new float[0];
    private int columns;

    ColumnCoverage(int states) {
        this.states = states;
    }

    void reset(int columnCount) {
        columns = columnCount;
        if (coverage.length < columnCount * states) {
            coverage = new float[columnCount * states];
        } else {
            Arrays.fill(coverage, 0, columnCount * states, 0);
        }
    }

    int columns() {
        return columns;
    }

    /** Adds {@code state} over pixels {@code x0..x1} (fractional, clipped to the columns). */
    void add(double x0, double x1, int state) {
        double from = Math.max(0, x0);
        double to = Math.min(columns, x1);
        for (int column = (int) from; column < to; column++) {
            double overlap = Math.min(to, column + 1) - Math.max(from, column);
            coverage[column * states + state] += (float) overlap;
        }
    }

    /** The state covering most of {@code column}, or -1 if nothing covers it. */
    int dominant(int column) {
        int best = -1;
        float most = 0;
        for (int s = 0; s < states; s++) {
            float c = coverage[column * states + s];
            if (c > most) {
                most = c;
                best = s;
            }
        }
        return best;
    }
}
