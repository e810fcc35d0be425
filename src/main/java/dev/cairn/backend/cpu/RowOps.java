package dev.cairn.backend.cpu;

import dev.cairn.backend.RopeType;
import dev.cairn.backend.Rotary;

/** The element-wise steps of a forward pass on float rows: too small to be worth threads. */
final class RowOps {

    private RowOps() {
    }

    /** {@code out = x / rms(x) * weight}; accumulates in double like GGML so long rows lose nothing. */
    static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            sumSquares += (double) v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(sumSquares / n + eps));
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] * scale * weight[i];
        }
    }

    /** {@code acc[accOff..accOff+n) += addend[addendOff..addendOff+n)}. */
    static void add(float[] acc, int accOff, float[] addend, int addendOff, int n) {
        for (int i = 0; i < n; i++) {
            acc[accOff + i] += addend[addendOff + i];
        }
    }

    /** The cosine and sine of every rotated pair's angle at {@code position}. */
    static void angles(Rotary rotary, int position, float[] cos, float[] sin) {
        for (int i = 0; i < rotary.pairs(); i++) {
            double theta = rotary.angle(position, i);
            cos[i] = (float) Math.cos(theta);
            sin[i] = (float) Math.sin(theta);
        }
    }

    /**
     * Rotates the leading {@code 2 * pairs} dimensions of each of {@code heads} heads starting at {@code x[off]}
     * by the angles in {@code cos} and {@code sin}.
     */
    static void rotate(float[] x, int off, int heads, int headDim, RopeType type, float[] cos, float[] sin, int pairs) {
        for (int h = 0; h < heads; h++) {
            int base = off + h * headDim;
            for (int i = 0; i < pairs; i++) {
                int a = type == RopeType.ADJACENT_PAIRS ? base + 2 * i : base + i;
                int b = type == RopeType.ADJACENT_PAIRS ? a + 1 : a + pairs;
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * cos[i] - x1 * sin[i];
                x[b] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }
}
