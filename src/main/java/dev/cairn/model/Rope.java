package dev.cairn.model;

/** Rotary position embedding: angle tables per position and the rotation of each head. */
final class Rope {

    private Rope() {
    }

    /**
     * {@code base^(-2i/rope_dim)} for each rotated pair, divided by Llama 3.1's per-frequency factors when
     * the model has them. Kept in double: angles at long positions lose precision in float.
     */
    static double[] inverseFrequencies(ModelConfig config, float[] freqFactors) {
        int pairs = config.ropeDim() / 2;
        if (freqFactors != null && freqFactors.length != pairs) {
            throw new IllegalArgumentException("rope_freqs has " + freqFactors.length + " factors, expected " + pairs);
        }
        double[] inv = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            inv[i] = Math.pow(config.ropeBase(), -2.0 * i / config.ropeDim());
            if (freqFactors != null) {
                inv[i] /= freqFactors[i];
            }
        }
        return inv;
    }

    /** Fills the cosine and sine of every pair's angle at the (already scaled) position. */
    static void angles(double[] inverseFrequencies, double position, float[] cos, float[] sin) {
        for (int i = 0; i < inverseFrequencies.length; i++) {
            double theta = position * inverseFrequencies[i];
            cos[i] = (float) Math.cos(theta);
            sin[i] = (float) Math.sin(theta);
        }
    }

    /** Rotates the leading {@code 2 * cos.length} dimensions of each of {@code heads} heads in {@code x}. */
    static void rotate(float[] x, int heads, int headDim, RopeType type, float[] cos, float[] sin) {
        rotate(x, 0, heads, headDim, type, cos, sin);
    }

    /** As {@link #rotate(float[], int, int, RopeType, float[], float[])} for the heads starting at {@code x[off]}. */
    static void rotate(float[] x, int off, int heads, int headDim, RopeType type, float[] cos, float[] sin) {
        int pairs = cos.length;
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
