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
 * <p>With 16 float lanes, groups of 64 tokens go through an outer-product tile: the input is transposed
 * once per call into {@code (cols, 64)} slices per group, and for every column {@code k} four vectors of 64
 * tokens' inputs meet six broadcast weights in 24 FMAs into accumulators that already hold whole outputs:
 * no horizontal sums, and the only operand streamed from L2 (the input slice) is read once per six FMAs.
 * Four vectors by six rows beat two by eight (and two by twelve) in a standalone single-thread run: 155-161
 * against 139-151 GFLOP/s, with 211 the FMA peak: fewer broadcasts per FMA. A last half group of 32 tokens
 * goes through a tile of two vectors by twelve rows. The tokens left over (and narrower vectors) use a 4×4
 * dot-product tile, which reads an input vector from L2 per four FMAs and is bound by it. Reused across
 * calls like {@link MatVec}; not reentrant.
 */
final class Gemm extends MatrixPass {

    private static final VectorSpecies<Float> F = Kernels.species();
    /** Two outer tiles of {@link #TILE_ROWS}, three 4×4 tiles: rows left at a matrix's end are multiples of 4. */
    static final int PANEL = 12;
    private static final int TILE_ROWS = 6;
    /** Tokens per outer-product group: four vectors of 16 lanes. */
    private static final int GROUP = 64;
    private static final int LANES = 16;
    private static final boolean OUTER = F != null && F.length() == LANES;

    private final ThreadLocal<float[]> panels = new ThreadLocal<>();
    private float[] x;                   // (batch, cols)
    private float[] xt = new float[0];   // (groups, cols, GROUP): token j of group g at [(g * cols + k) * GROUP + j]
    private int groups;                  // whole groups of GROUP tokens (0 without the outer tiles)
    private boolean halfGroup;           // whether a group of at least GROUP / 2 tokens follows them
    private int batch;

    Gemm() {
        super(PANEL);
    }

    /** Prepares a call; returns the number of chunks. */
    int prepare(CpuActivation input, int tokens, Weight[] matrices, Activation[] outputs) {
        x = input.data();
        batch = tokens;
        groups = OUTER ? tokens / GROUP : 0;
        halfGroup = OUTER && tokens % GROUP >= GROUP / 2;
        if (groups > 0 || halfGroup) {
            transpose(matrices[0].cols());
        }
        return plan(matrices, outputs);
    }

    /** The input's groups of tokens (the half group too), columns first, zeros past the batch: {@link #xt}. */
    private void transpose(int cols) {
        int slices = groups + (halfGroup ? 1 : 0);
        int size = slices * cols * GROUP;
        if (xt.length < size) {
            xt = new float[size];
        }
        for (int g = 0; g < slices; g++) {
            for (int j = 0; j < GROUP; j++) {
                int token = g * GROUP + j;
                int to = g * cols * GROUP + j;
                for (int k = 0; k < cols; k++) {
                    xt[to + k * GROUP] = token < batch ? x[token * cols + k] : 0f;
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
                for (int r = 0; r < PANEL; r += TILE_ROWS) {
                    outerTile(panel, r * cols, cols, b / GROUP, out, rows, first + r);
                }
            }
            if (halfGroup) {
                halfTile(panel, cols, groups, out, rows, first);
                b += GROUP / 2;
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
        if (p == null || p.length < PANEL * cols + PANEL * GROUP) {
            p = new float[PANEL * cols + PANEL * GROUP]; // the panel, then the tiles' scratch
            panels.set(p);
        }
        return p;
    }

    /**
     * Six panel rows from {@code w[at]} by group {@code g}'s tokens: accumulator {@code aRV} holds row {@code R}'s outputs
     * for the tokens of vector {@code V} of the group. Written out on purpose: as an array of vectors in a
     * loop the accumulators would not stay in registers (and would be boxed).
     */
    private void outerTile(float[] w, int at, int cols, int g, float[] out, int rows, int firstRow) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        FloatVector a40 = a00, a41 = a00, a42 = a00, a43 = a00;
        FloatVector a50 = a00, a51 = a00, a52 = a00, a53 = a00;
        int slice = g * cols * GROUP;
        for (int k = 0; k < cols; k++) {
            int ti = slice + k * GROUP;
            FloatVector t0 = FloatVector.fromArray(F, xt, ti);
            FloatVector t1 = FloatVector.fromArray(F, xt, ti + LANES);
            FloatVector t2 = FloatVector.fromArray(F, xt, ti + 2 * LANES);
            FloatVector t3 = FloatVector.fromArray(F, xt, ti + 3 * LANES);
            FloatVector w0 = FloatVector.broadcast(F, w[at + k]);
            a00 = w0.fma(t0, a00);
            a01 = w0.fma(t1, a01);
            a02 = w0.fma(t2, a02);
            a03 = w0.fma(t3, a03);
            FloatVector w1 = FloatVector.broadcast(F, w[at + cols + k]);
            a10 = w1.fma(t0, a10);
            a11 = w1.fma(t1, a11);
            a12 = w1.fma(t2, a12);
            a13 = w1.fma(t3, a13);
            FloatVector w2 = FloatVector.broadcast(F, w[at + 2 * cols + k]);
            a20 = w2.fma(t0, a20);
            a21 = w2.fma(t1, a21);
            a22 = w2.fma(t2, a22);
            a23 = w2.fma(t3, a23);
            FloatVector w3 = FloatVector.broadcast(F, w[at + 3 * cols + k]);
            a30 = w3.fma(t0, a30);
            a31 = w3.fma(t1, a31);
            a32 = w3.fma(t2, a32);
            a33 = w3.fma(t3, a33);
            FloatVector w4 = FloatVector.broadcast(F, w[at + 4 * cols + k]);
            a40 = w4.fma(t0, a40);
            a41 = w4.fma(t1, a41);
            a42 = w4.fma(t2, a42);
            a43 = w4.fma(t3, a43);
            FloatVector w5 = FloatVector.broadcast(F, w[at + 5 * cols + k]);
            a50 = w5.fma(t0, a50);
            a51 = w5.fma(t1, a51);
            a52 = w5.fma(t2, a52);
            a53 = w5.fma(t3, a53);
        }
        int scratch = PANEL * cols;
        a00.intoArray(w, scratch);
        a01.intoArray(w, scratch + LANES);
        a02.intoArray(w, scratch + 2 * LANES);
        a03.intoArray(w, scratch + 3 * LANES);
        a10.intoArray(w, scratch + GROUP);
        a11.intoArray(w, scratch + GROUP + LANES);
        a12.intoArray(w, scratch + GROUP + 2 * LANES);
        a13.intoArray(w, scratch + GROUP + 3 * LANES);
        a20.intoArray(w, scratch + 2 * GROUP);
        a21.intoArray(w, scratch + 2 * GROUP + LANES);
        a22.intoArray(w, scratch + 2 * GROUP + 2 * LANES);
        a23.intoArray(w, scratch + 2 * GROUP + 3 * LANES);
        a30.intoArray(w, scratch + 3 * GROUP);
        a31.intoArray(w, scratch + 3 * GROUP + LANES);
        a32.intoArray(w, scratch + 3 * GROUP + 2 * LANES);
        a33.intoArray(w, scratch + 3 * GROUP + 3 * LANES);
        a40.intoArray(w, scratch + 4 * GROUP);
        a41.intoArray(w, scratch + 4 * GROUP + LANES);
        a42.intoArray(w, scratch + 4 * GROUP + 2 * LANES);
        a43.intoArray(w, scratch + 4 * GROUP + 3 * LANES);
        a50.intoArray(w, scratch + 5 * GROUP);
        a51.intoArray(w, scratch + 5 * GROUP + LANES);
        a52.intoArray(w, scratch + 5 * GROUP + 2 * LANES);
        a53.intoArray(w, scratch + 5 * GROUP + 3 * LANES);
        scatter(w, scratch, TILE_ROWS, out, g * GROUP * rows + firstRow, rows, GROUP);
    }

    /**
     * All {@link #PANEL} rows by the first half of group {@code g} (two vectors of tokens): the outer tile's
     * shape for a batch's last half group, with twice the rows so that each broadcast still feeds two FMAs.
     */
    private void halfTile(float[] w, int cols, int g, float[] out, int rows, int firstRow) {
        FloatVector a0_0 = FloatVector.zero(F), a0_1 = a0_0;
        FloatVector a1_0 = a0_0, a1_1 = a0_0;
        FloatVector a2_0 = a0_0, a2_1 = a0_0;
        FloatVector a3_0 = a0_0, a3_1 = a0_0;
        FloatVector a4_0 = a0_0, a4_1 = a0_0;
        FloatVector a5_0 = a0_0, a5_1 = a0_0;
        FloatVector a6_0 = a0_0, a6_1 = a0_0;
        FloatVector a7_0 = a0_0, a7_1 = a0_0;
        FloatVector a8_0 = a0_0, a8_1 = a0_0;
        FloatVector a9_0 = a0_0, a9_1 = a0_0;
        FloatVector a10_0 = a0_0, a10_1 = a0_0;
        FloatVector a11_0 = a0_0, a11_1 = a0_0;
        int slice = g * cols * GROUP;
        for (int k = 0; k < cols; k++) {
            int ti = slice + k * GROUP;
            FloatVector t0 = FloatVector.fromArray(F, xt, ti);
            FloatVector t1 = FloatVector.fromArray(F, xt, ti + LANES);
            FloatVector w0 = FloatVector.broadcast(F, w[k]);
            a0_0 = w0.fma(t0, a0_0);
            a0_1 = w0.fma(t1, a0_1);
            FloatVector w1 = FloatVector.broadcast(F, w[cols + k]);
            a1_0 = w1.fma(t0, a1_0);
            a1_1 = w1.fma(t1, a1_1);
            FloatVector w2 = FloatVector.broadcast(F, w[2 * cols + k]);
            a2_0 = w2.fma(t0, a2_0);
            a2_1 = w2.fma(t1, a2_1);
            FloatVector w3 = FloatVector.broadcast(F, w[3 * cols + k]);
            a3_0 = w3.fma(t0, a3_0);
            a3_1 = w3.fma(t1, a3_1);
            FloatVector w4 = FloatVector.broadcast(F, w[4 * cols + k]);
            a4_0 = w4.fma(t0, a4_0);
            a4_1 = w4.fma(t1, a4_1);
            FloatVector w5 = FloatVector.broadcast(F, w[5 * cols + k]);
            a5_0 = w5.fma(t0, a5_0);
            a5_1 = w5.fma(t1, a5_1);
            FloatVector w6 = FloatVector.broadcast(F, w[6 * cols + k]);
            a6_0 = w6.fma(t0, a6_0);
            a6_1 = w6.fma(t1, a6_1);
            FloatVector w7 = FloatVector.broadcast(F, w[7 * cols + k]);
            a7_0 = w7.fma(t0, a7_0);
            a7_1 = w7.fma(t1, a7_1);
            FloatVector w8 = FloatVector.broadcast(F, w[8 * cols + k]);
            a8_0 = w8.fma(t0, a8_0);
            a8_1 = w8.fma(t1, a8_1);
            FloatVector w9 = FloatVector.broadcast(F, w[9 * cols + k]);
            a9_0 = w9.fma(t0, a9_0);
            a9_1 = w9.fma(t1, a9_1);
            FloatVector w10 = FloatVector.broadcast(F, w[10 * cols + k]);
            a10_0 = w10.fma(t0, a10_0);
            a10_1 = w10.fma(t1, a10_1);
            FloatVector w11 = FloatVector.broadcast(F, w[11 * cols + k]);
            a11_0 = w11.fma(t0, a11_0);
            a11_1 = w11.fma(t1, a11_1);
        }
        int scratch = PANEL * cols;
        a0_0.intoArray(w, scratch);
        a0_1.intoArray(w, scratch + LANES);
        a1_0.intoArray(w, scratch + GROUP);
        a1_1.intoArray(w, scratch + GROUP + LANES);
        a2_0.intoArray(w, scratch + 2 * GROUP);
        a2_1.intoArray(w, scratch + 2 * GROUP + LANES);
        a3_0.intoArray(w, scratch + 3 * GROUP);
        a3_1.intoArray(w, scratch + 3 * GROUP + LANES);
        a4_0.intoArray(w, scratch + 4 * GROUP);
        a4_1.intoArray(w, scratch + 4 * GROUP + LANES);
        a5_0.intoArray(w, scratch + 5 * GROUP);
        a5_1.intoArray(w, scratch + 5 * GROUP + LANES);
        a6_0.intoArray(w, scratch + 6 * GROUP);
        a6_1.intoArray(w, scratch + 6 * GROUP + LANES);
        a7_0.intoArray(w, scratch + 7 * GROUP);
        a7_1.intoArray(w, scratch + 7 * GROUP + LANES);
        a8_0.intoArray(w, scratch + 8 * GROUP);
        a8_1.intoArray(w, scratch + 8 * GROUP + LANES);
        a9_0.intoArray(w, scratch + 9 * GROUP);
        a9_1.intoArray(w, scratch + 9 * GROUP + LANES);
        a10_0.intoArray(w, scratch + 10 * GROUP);
        a10_1.intoArray(w, scratch + 10 * GROUP + LANES);
        a11_0.intoArray(w, scratch + 11 * GROUP);
        a11_1.intoArray(w, scratch + 11 * GROUP + LANES);
        scatter(w, scratch, PANEL, out, g * GROUP * rows + firstRow, rows, GROUP / 2);
    }

    /**
     * A tile's outputs, {@code tileRows} rows of {@code GROUP} floats from {@code buffer[scratch]}, into
     * {@code out[at + r + j * rows]} for the first {@code tokens} tokens: strided stores. The vectors are
     * stored by the tiles themselves; a call taking them would box them wherever C2 declined to inline it.
     */
    private static void scatter(float[] buffer, int scratch, int tileRows, float[] out, int at, int rows, int tokens) {
        for (int j = 0; j < tokens; j++) {
            for (int r = 0; r < tileRows; r++) {
                out[at + j * rows + r] = buffer[scratch + r * GROUP + j];
            }
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
