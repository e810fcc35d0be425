package dev.cairn.model;

/** Element-wise steps of the forward pass that are too small to be worth a backend call. */
final class Ops {

    private Ops() {
    }

    /** {@code out = x / rms(x) * weight}; accumulates in double like GGML so long rows lose nothing. */
    static void rmsNorm(float[] out, float[] x, float[] weight, int n, float eps) {
        rmsNorm(out, 0, x, 0, weight, n, eps);
    }

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

    /** RMS norm applied to each head of {@code x} separately, with one weight vector shared by all heads. */
    static void rmsNormHeads(float[] x, float[] weight, int heads, int headDim, float eps) {
        rmsNormHeads(x, 0, weight, heads, headDim, eps);
    }

    static void rmsNormHeads(float[] x, int off, float[] weight, int heads, int headDim, float eps) {
        for (int h = 0; h < heads; h++) {
            rmsNorm(x, off + h * headDim, x, off + h * headDim, weight, headDim, eps);
        }
    }

    static void add(float[] acc, float[] addend, int n) {
        add(acc, 0, addend, 0, n);
    }

    static void add(float[] acc, int accOff, float[] addend, int addendOff, int n) {
        for (int i = 0; i < n; i++) {
            acc[accOff + i] += addend[addendOff + i];
        }
    }

    /** {@code gate = silu(gate) * up}, the SwiGLU activation. */
    static void swiGlu(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = (float) (g / (1.0 + Math.exp(-g))) * up[i];
        }
    }

    /** In-place softmax of {@code x[off..off+n)}. */
    static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            x[off + i] *= inv;
        }
    }
}
