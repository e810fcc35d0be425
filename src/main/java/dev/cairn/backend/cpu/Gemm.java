package dev.cairn.backend.cpu;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.VectorMath;
import dev.cairn.tensor.quant.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight matrices times a batch of activations. A chunk decodes a panel of {@link #PANEL} weight rows
 * into floats once, then multiplies it with the batch, so decoding is paid once per batch instead of once
 * per token.
 *
 * <p>With 16 float lanes, groups of 32 tokens go through an outer-product tile: the input is transposed
 * once per call into {@code (cols, 32)} slices per group, and for every column {@code k} two vectors of 32
 * tokens' inputs meet eight broadcast weights in sixteen FMAs into accumulators that already hold whole
 * outputs: no horizontal sums, and the only operand streamed from L2 (the input slice) is read once per
 * sixteen FMAs. The 4×4 dot-product tile it replaced read an input vector from L2 per four FMAs and was
 * bound by L2 bandwidth. The tokens left over (and narrower vectors) use that 4×4 tile. Reused across calls
 * like {@link MatVec}; not reentrant.
 */
final class Gemm extends MatrixPass {

    private static final VectorSpecies<Float> F = Kernels.species();
    static final int PANEL = 8;
    /** Tokens per outer-product group: two vectors of 16 lanes. */
    private static final int GROUP = 32;
    private static final boolean OUTER = F != null && F.length() == GROUP / 2;

    private final ThreadLocal<float[]> panels = new ThreadLocal<>();
    private float[] x;                   // (batch, cols)
    private float[] xt = new float[0];   // (groups, cols, GROUP): token j of group g at [(g * cols + k) * GROUP + j]
    private int groups;                  // whole groups of GROUP tokens in the batch (0 without the outer tile)
    private int batch;

    Gemm() {
        super(PANEL);
    }

    /** Prepares a call; returns the number of chunks. */
    int prepare(CpuActivation input, int tokens, Weight[] matrices, Activation[] outputs) {
        x = input.data();
        batch = tokens;
        groups = OUTER ? tokens / GROUP : 0;
        if (groups > 0) {
            transpose(matrices[0].cols());
        }
        return plan(matrices, outputs);
    }

    /** The input's whole groups of tokens, columns first: {@link #xt}. */
    private void transpose(int cols) {
        int size = groups * cols * GROUP;
        if (xt.length < size) {
            xt = new float[size];
        }
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < GROUP; j++) {
                int from = (g * GROUP + j) * cols;
                int to = g * cols * GROUP + j;
                for (int k = 0; k < cols; k++) {
                    xt[to + k * GROUP] = x[from + k];
                }
            }
        }
    }

    /** Outputs are {@code (batch, rows)}: token {@code b}'s row {@code r} at {@code b * rows + r}. */
    @Override
    void compute(Tensor w, float[] out, int first, int count) {
        int cols = w.cols();
        int rows = w.rows();
        float[] panel = panel(cols);
        for (int i = 0; i < count; i++) {
            w.decodeRow(first + i, panel, i * cols);
        }
        int b = 0;
        if (count == PANEL) {
            for (; b < groups * GROUP; b += GROUP) {
                outerTile(panel, cols, b, out, rows, first);
            }
        }
        int tokensTiled = b;
        int rowsTiled = 0;
        if (F != null && cols % F.length() == 0) {
            tokensTiled = b + (batch - b) / 4 * 4;
            rowsTiled = count - count % 4;
            for (int r = 0; r < rowsTiled; r += 4) {
                for (int t = b; t < tokensTiled; t += 4) {
                    tile(panel, r * cols, cols, t, out, rows, first + r);
                }
            }
        }
        // What no tile covered: the rows left over for every token, then the tokens left over for the tiled rows.
        for (int i = rowsTiled; i < count; i++) {
            for (int t = b; t < batch; t++) {
                dot(panel, cols, i, t, out, rows, first);
            }
        }
        for (int t = tokensTiled; t < batch; t++) {
            for (int i = 0; i < rowsTiled; i++) {
                dot(panel, cols, i, t, out, rows, first);
            }
        }
    }

    /** Panel row {@code i} times token {@code t}'s input, as one output. */
    private void dot(float[] panel, int cols, int i, int t, float[] out, int rows, int first) {
        out[t * rows + first + i] = VectorMath.dot(panel, i * cols, x, t * cols, cols);
    }

    private float[] panel(int cols) {
        float[] p = panels.get();
        if (p == null || p.length < PANEL * cols + GROUP) {
            p = new float[PANEL * cols + GROUP]; // the panel, then the outer tile's scratch
            panels.set(p);
        }
        return p;
    }

    /**
     * The eight panel rows by the {@link #GROUP} tokens from {@code b}: accumulator {@code aRH} holds row
     * {@code R}'s outputs for the tokens of half {@code H} of the group. Written out on purpose: as an array
     * of vectors in a loop the accumulators would not stay in registers (and would be boxed).
     */
    private void outerTile(float[] w, int cols, int b, float[] out, int rows, int firstRow) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        FloatVector a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00;
        int slice = (b / GROUP) * cols * GROUP;
        int half = GROUP / 2;
        for (int k = 0; k < cols; k++) {
            FloatVector t0 = FloatVector.fromArray(F, xt, slice + k * GROUP);
            FloatVector t1 = FloatVector.fromArray(F, xt, slice + k * GROUP + half);
            FloatVector w0 = FloatVector.broadcast(F, w[k]);
            a00 = w0.fma(t0, a00);
            a01 = w0.fma(t1, a01);
            FloatVector w1 = FloatVector.broadcast(F, w[cols + k]);
            a10 = w1.fma(t0, a10);
            a11 = w1.fma(t1, a11);
            FloatVector w2 = FloatVector.broadcast(F, w[2 * cols + k]);
            a20 = w2.fma(t0, a20);
            a21 = w2.fma(t1, a21);
            FloatVector w3 = FloatVector.broadcast(F, w[3 * cols + k]);
            a30 = w3.fma(t0, a30);
            a31 = w3.fma(t1, a31);
            FloatVector w4 = FloatVector.broadcast(F, w[4 * cols + k]);
            a40 = w4.fma(t0, a40);
            a41 = w4.fma(t1, a41);
            FloatVector w5 = FloatVector.broadcast(F, w[5 * cols + k]);
            a50 = w5.fma(t0, a50);
            a51 = w5.fma(t1, a51);
            FloatVector w6 = FloatVector.broadcast(F, w[6 * cols + k]);
            a60 = w6.fma(t0, a60);
            a61 = w6.fma(t1, a61);
            FloatVector w7 = FloatVector.broadcast(F, w[7 * cols + k]);
            a70 = w7.fma(t0, a70);
            a71 = w7.fma(t1, a71);
        }
        int o = b * rows + firstRow;
        int scratch = PANEL * cols;
        scatter(w, scratch, out, o, rows, a00, a01);
        scatter(w, scratch, out, o + 1, rows, a10, a11);
        scatter(w, scratch, out, o + 2, rows, a20, a21);
        scatter(w, scratch, out, o + 3, rows, a30, a31);
        scatter(w, scratch, out, o + 4, rows, a40, a41);
        scatter(w, scratch, out, o + 5, rows, a50, a51);
        scatter(w, scratch, out, o + 6, rows, a60, a61);
        scatter(w, scratch, out, o + 7, rows, a70, a71);
    }

    /**
     * One row's outputs for a group's tokens (two vectors) into {@code out[at + j * rows]}, through
     * {@code buffer[scratch..scratch+GROUP)}: a strided store lane by lane.
     */
    private static void scatter(float[] buffer, int scratch, float[] out, int at, int rows, FloatVector first,
            FloatVector second) {
        first.intoArray(buffer, scratch);
        second.intoArray(buffer, scratch + GROUP / 2);
        for (int j = 0; j < GROUP; j++) {
            out[at + j * rows] = buffer[scratch + j];
        }
    }

    /** Four panel rows from {@code w[at]} by tokens {@code b..b+3}. */
    private void tile(float[] w, int at, int cols, int b, float[] out, int rows, int firstRow) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int x0 = b * cols;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        for (int k = 0; k < cols; k += F.length()) {
            FloatVector t0 = FloatVector.fromArray(F, x, x0 + k);
            FloatVector t1 = FloatVector.fromArray(F, x, x1 + k);
            FloatVector t2 = FloatVector.fromArray(F, x, x2 + k);
            FloatVector t3 = FloatVector.fromArray(F, x, x3 + k);
            FloatVector w0 = FloatVector.fromArray(F, w, at + k);
            a00 = w0.fma(t0, a00);
            a01 = w0.fma(t1, a01);
            a02 = w0.fma(t2, a02);
            a03 = w0.fma(t3, a03);
            FloatVector w1 = FloatVector.fromArray(F, w, at + cols + k);
            a10 = w1.fma(t0, a10);
            a11 = w1.fma(t1, a11);
            a12 = w1.fma(t2, a12);
            a13 = w1.fma(t3, a13);
            FloatVector w2 = FloatVector.fromArray(F, w, at + 2 * cols + k);
            a20 = w2.fma(t0, a20);
            a21 = w2.fma(t1, a21);
            a22 = w2.fma(t2, a22);
            a23 = w2.fma(t3, a23);
            FloatVector w3 = FloatVector.fromArray(F, w, at + 3 * cols + k);
            a30 = w3.fma(t0, a30);
            a31 = w3.fma(t1, a31);
            a32 = w3.fma(t2, a32);
            a33 = w3.fma(t3, a33);
        }
        int o = b * rows + firstRow;
        store(out, o, a00, a10, a20, a30);
        store(out, o + rows, a01, a11, a21, a31);
        store(out, o + 2 * rows, a02, a12, a22, a32);
        store(out, o + 3 * rows, a03, a13, a23, a33);
    }

    private static void store(float[] out, int at, FloatVector r0, FloatVector r1, FloatVector r2, FloatVector r3) {
        out[at] = r0.reduceLanes(VectorOperators.ADD);
        out[at + 1] = r1.reduceLanes(VectorOperators.ADD);
        out[at + 2] = r2.reduceLanes(VectorOperators.ADD);
        out[at + 3] = r3.reduceLanes(VectorOperators.ADD);
    }
}
