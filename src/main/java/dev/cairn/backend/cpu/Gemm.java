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
 * once per call into {@code (columns, 64)} slices per group, and for every column {@code k} four vectors of 64
 * tokens' inputs meet six broadcast weights in 24 FMAs into accumulators that already hold whole outputs:
 * no horizontal sums, and the only operand streamed from L2 (the input slice) is read once per six FMAs.
 * Four vectors by six rows beat two by eight (and two by twelve) in a standalone single-thread run: 149-161
 * against 135-151 GFLOP/s, with 211 the FMA peak: fewer broadcasts per FMA. A last half group of 32 tokens
 * goes through a tile of two vectors by twelve rows. The tokens left over, a matrix's last panel when it is
 * short, and narrower vectors use a 4×4 dot-product tile, which reads an input vector from L2 per four FMAs
 * and is bound by it.
 *
 * <p>Wide inputs go in column blocks, one parallel pass per block, the later ones adding to the outputs:
 * every panel streams the whole transposed input, which must stay in L2 (2 MB a core here). A down
 * projection (5632 columns) at 64 tokens is 1.4 MB of it; single-threaded it ran at 104 GFLOP/s against 123
 * for 2048 columns. Reused across calls like {@link MatVec}; not reentrant.
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

    /** Most bytes of transposed input per column block: half of this machine's L2, the panel beside it. */
    private static final int BLOCK_BYTES = 1 << 20;
    /**
     * Column blocks start on a multiple of this: every format's block size divides it ({@link Tensor#decodeRow}
     * checks).
     */
    private static final int BLOCK_ALIGN = 256;

    private final ThreadLocal<float[]> panels = new ThreadLocal<>();
    private float[] x;                   // (batch, cols)
    private float[] xt = new float[0];   // (groups, width, GROUP): token j of group g at [(g * width + k) * GROUP + j]
    private int groups;                  // whole groups of GROUP tokens (0 without the outer tiles)
    private boolean halfGroup;           // whether a group of at least GROUP / 2 tokens follows them
    private int batch;
    private int cols;                    // the input's columns
    private int blockCols;               // columns per block; the last block may be narrower
    private int from;                    // the current block's first column
    private int width;                   // the current block's columns
    private boolean accumulate;          // whether the current block adds to the outputs (every block but the first)

    @Override
    int rowsPerChunk(Tensor w) {
        return PANEL;
    }

    /** Prepares a call; returns the number of chunks of each column block. */
    int prepare(CpuActivation input, int tokens, Weight[] matrices, Activation[] outputs) {
        x = input.data();
        batch = tokens;
        cols = input.cols();
        groups = OUTER ? tokens / GROUP : 0;
        halfGroup = OUTER && tokens % GROUP >= GROUP / 2;
        long inputBytes = (long) tokens * cols * Float.BYTES;
        int blocks = (int) ((inputBytes + BLOCK_BYTES - 1) / BLOCK_BYTES);
        // An input whose columns are not whole aligned blocks stays in one block, however wide.
        blockCols = blocks == 1 || cols % BLOCK_ALIGN != 0 ? cols
                : (cols / blocks + BLOCK_ALIGN - 1) / BLOCK_ALIGN * BLOCK_ALIGN;
        return plan(matrices, outputs);
    }

    /** Column blocks of this call: {@link #selectBlock} each, then run every chunk. */
    int blocks() {
        return (cols + blockCols - 1) / blockCols;
    }

    /** Makes column block {@code block} the one the chunks compute. */
    void selectBlock(int block) {
        from = block * blockCols;
        width = Math.min(blockCols, cols - from);
        accumulate = block > 0;
        if (groups > 0 || halfGroup) {
            transpose();
        }
    }

    /** The block's columns of the input's groups of tokens (the half group too), zeros past the batch: {@link #xt}. */
    private void transpose() {
        int slices = groups + (halfGroup ? 1 : 0);
        int size = slices * width * GROUP;
        if (xt.length < size) {
            xt = new float[size];
        }
        for (int g = 0; g < slices; g++) {
            for (int j = 0; j < GROUP; j++) {
                int token = g * GROUP + j;
                int to = g * width * GROUP + j;
                for (int k = 0; k < width; k++) {
                    xt[to + k * GROUP] = token < batch ? x[token * cols + from + k] : 0f;
                }
            }
        }
    }

    /**
     * Outputs are {@code (batch, rows)}: token {@code b}'s row {@code r} at {@code b * rows + r}. The panel holds
     * the block's columns of its rows, {@code width} apart.
     */
    @Override
    void compute(Tensor w, float[] out, int first, int count) {
        int rows = w.rows();
        float[] panel = panel(width);
        for (int i = 0; i < count; i++) {
            w.decodeRow(first + i, from, width, panel, i * width);
        }
        int b = 0;
        if (count == PANEL) {
            for (; b < groups * GROUP; b += GROUP) {
                for (int r = 0; r < PANEL; r += TILE_ROWS) {
                    outerTile(panel, r, b / GROUP);
                }
                scatter(panel, PANEL * width, PANEL, out, b * rows + first, rows, GROUP);
            }
            if (halfGroup) {
                halfTile(panel, groups, out, rows, first);
                b += GROUP / 2;
            }
        }
        int tokensTiled = b;
        int rowsTiled = 0;
        if (F != null && width % F.length() == 0) {
            tokensTiled = b + (batch - b) / 4 * 4;
            rowsTiled = count - count % 4;
            for (int r = 0; r < rowsTiled; r += 4) {
                for (int t = b; t < tokensTiled; t += 4) {
                    tile(panel, r * width, t, out, rows, first + r);
                }
            }
        }
        // What no tile covered: the rows left over for every token, then the tokens left over for the tiled rows.
        for (int i = rowsTiled; i < count; i++) {
            for (int t = b; t < batch; t++) {
                dot(panel, i, t, out, rows, first);
            }
        }
        for (int t = tokensTiled; t < batch; t++) {
            for (int i = 0; i < rowsTiled; i++) {
                dot(panel, i, t, out, rows, first);
            }
        }
    }

    /** Panel row {@code i} times token {@code t}'s input, as one output. */
    private void dot(float[] panel, int i, int t, float[] out, int rows, int first) {
        put(out, t * rows + first + i, VectorMath.dot(panel, i * width, x, t * cols + from, width));
    }

    /** An output of the current block: the first block sets it, the later ones add to it. */
    private void put(float[] out, int at, float value) {
        out[at] = accumulate ? out[at] + value : value;
    }

    private float[] panel(int span) {
        float[] p = panels.get();
        if (p == null || p.length < PANEL * span + PANEL * GROUP) {
            p = new float[PANEL * span + PANEL * GROUP]; // the panel, then the tiles' scratch
            panels.set(p);
        }
        return p;
    }

    /**
     * Six panel rows from row {@code r} by group {@code g}'s tokens, into the scratch rows {@code r..r+5}:
     * accumulator {@code aRV} holds row {@code R}'s outputs for the tokens of vector {@code V} of the group.
     * Written out on purpose: as an array of vectors in a loop the accumulators would not stay in registers
     * (and would be boxed). The caller scatters both tiles' rows at once: each token's twelve outputs are
     * adjacent in {@code out}, and its rows are a power of two apart, so lines of different tokens share
     * an L1 set and a scatter per tile would fetch each line twice.
     */
    private void outerTile(float[] panel, int r, int g) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        FloatVector a40 = a00, a41 = a00, a42 = a00, a43 = a00;
        FloatVector a50 = a00, a51 = a00, a52 = a00, a53 = a00;
        int span = width; // the panel's row stride, the block's columns
        int at = r * span;
        int slice = g * span * GROUP;
        for (int k = 0; k < span; k++) {
            int ti = slice + k * GROUP;
            FloatVector t0 = FloatVector.fromArray(F, xt, ti);
            FloatVector t1 = FloatVector.fromArray(F, xt, ti + LANES);
            FloatVector t2 = FloatVector.fromArray(F, xt, ti + 2 * LANES);
            FloatVector t3 = FloatVector.fromArray(F, xt, ti + 3 * LANES);
            FloatVector w0 = FloatVector.broadcast(F, panel[at + k]);
            a00 = w0.fma(t0, a00);
            a01 = w0.fma(t1, a01);
            a02 = w0.fma(t2, a02);
            a03 = w0.fma(t3, a03);
            FloatVector w1 = FloatVector.broadcast(F, panel[at + span + k]);
            a10 = w1.fma(t0, a10);
            a11 = w1.fma(t1, a11);
            a12 = w1.fma(t2, a12);
            a13 = w1.fma(t3, a13);
            FloatVector w2 = FloatVector.broadcast(F, panel[at + 2 * span + k]);
            a20 = w2.fma(t0, a20);
            a21 = w2.fma(t1, a21);
            a22 = w2.fma(t2, a22);
            a23 = w2.fma(t3, a23);
            FloatVector w3 = FloatVector.broadcast(F, panel[at + 3 * span + k]);
            a30 = w3.fma(t0, a30);
            a31 = w3.fma(t1, a31);
            a32 = w3.fma(t2, a32);
            a33 = w3.fma(t3, a33);
            FloatVector w4 = FloatVector.broadcast(F, panel[at + 4 * span + k]);
            a40 = w4.fma(t0, a40);
            a41 = w4.fma(t1, a41);
            a42 = w4.fma(t2, a42);
            a43 = w4.fma(t3, a43);
            FloatVector w5 = FloatVector.broadcast(F, panel[at + 5 * span + k]);
            a50 = w5.fma(t0, a50);
            a51 = w5.fma(t1, a51);
            a52 = w5.fma(t2, a52);
            a53 = w5.fma(t3, a53);
        }
        int scratch = PANEL * span + r * GROUP;
        a00.intoArray(panel, scratch);
        a01.intoArray(panel, scratch + LANES);
        a02.intoArray(panel, scratch + 2 * LANES);
        a03.intoArray(panel, scratch + 3 * LANES);
        a10.intoArray(panel, scratch + GROUP);
        a11.intoArray(panel, scratch + GROUP + LANES);
        a12.intoArray(panel, scratch + GROUP + 2 * LANES);
        a13.intoArray(panel, scratch + GROUP + 3 * LANES);
        a20.intoArray(panel, scratch + 2 * GROUP);
        a21.intoArray(panel, scratch + 2 * GROUP + LANES);
        a22.intoArray(panel, scratch + 2 * GROUP + 2 * LANES);
        a23.intoArray(panel, scratch + 2 * GROUP + 3 * LANES);
        a30.intoArray(panel, scratch + 3 * GROUP);
        a31.intoArray(panel, scratch + 3 * GROUP + LANES);
        a32.intoArray(panel, scratch + 3 * GROUP + 2 * LANES);
        a33.intoArray(panel, scratch + 3 * GROUP + 3 * LANES);
        a40.intoArray(panel, scratch + 4 * GROUP);
        a41.intoArray(panel, scratch + 4 * GROUP + LANES);
        a42.intoArray(panel, scratch + 4 * GROUP + 2 * LANES);
        a43.intoArray(panel, scratch + 4 * GROUP + 3 * LANES);
        a50.intoArray(panel, scratch + 5 * GROUP);
        a51.intoArray(panel, scratch + 5 * GROUP + LANES);
        a52.intoArray(panel, scratch + 5 * GROUP + 2 * LANES);
        a53.intoArray(panel, scratch + 5 * GROUP + 3 * LANES);
    }

    /**
     * All {@link #PANEL} rows by the first half of group {@code g} (two vectors of tokens): the outer tile's
     * shape for a batch's last half group, with twice the rows so that each broadcast still feeds two FMAs.
     */
    private void halfTile(float[] panel, int g, float[] out, int rows, int firstRow) {
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
        int span = width; // the panel's row stride, the block's columns
        int slice = g * span * GROUP;
        for (int k = 0; k < span; k++) {
            int ti = slice + k * GROUP;
            FloatVector t0 = FloatVector.fromArray(F, xt, ti);
            FloatVector t1 = FloatVector.fromArray(F, xt, ti + LANES);
            FloatVector w0 = FloatVector.broadcast(F, panel[k]);
            a0_0 = w0.fma(t0, a0_0);
            a0_1 = w0.fma(t1, a0_1);
            FloatVector w1 = FloatVector.broadcast(F, panel[span + k]);
            a1_0 = w1.fma(t0, a1_0);
            a1_1 = w1.fma(t1, a1_1);
            FloatVector w2 = FloatVector.broadcast(F, panel[2 * span + k]);
            a2_0 = w2.fma(t0, a2_0);
            a2_1 = w2.fma(t1, a2_1);
            FloatVector w3 = FloatVector.broadcast(F, panel[3 * span + k]);
            a3_0 = w3.fma(t0, a3_0);
            a3_1 = w3.fma(t1, a3_1);
            FloatVector w4 = FloatVector.broadcast(F, panel[4 * span + k]);
            a4_0 = w4.fma(t0, a4_0);
            a4_1 = w4.fma(t1, a4_1);
            FloatVector w5 = FloatVector.broadcast(F, panel[5 * span + k]);
            a5_0 = w5.fma(t0, a5_0);
            a5_1 = w5.fma(t1, a5_1);
            FloatVector w6 = FloatVector.broadcast(F, panel[6 * span + k]);
            a6_0 = w6.fma(t0, a6_0);
            a6_1 = w6.fma(t1, a6_1);
            FloatVector w7 = FloatVector.broadcast(F, panel[7 * span + k]);
            a7_0 = w7.fma(t0, a7_0);
            a7_1 = w7.fma(t1, a7_1);
            FloatVector w8 = FloatVector.broadcast(F, panel[8 * span + k]);
            a8_0 = w8.fma(t0, a8_0);
            a8_1 = w8.fma(t1, a8_1);
            FloatVector w9 = FloatVector.broadcast(F, panel[9 * span + k]);
            a9_0 = w9.fma(t0, a9_0);
            a9_1 = w9.fma(t1, a9_1);
            FloatVector w10 = FloatVector.broadcast(F, panel[10 * span + k]);
            a10_0 = w10.fma(t0, a10_0);
            a10_1 = w10.fma(t1, a10_1);
            FloatVector w11 = FloatVector.broadcast(F, panel[11 * span + k]);
            a11_0 = w11.fma(t0, a11_0);
            a11_1 = w11.fma(t1, a11_1);
        }
        int scratch = PANEL * span;
        a0_0.intoArray(panel, scratch);
        a0_1.intoArray(panel, scratch + LANES);
        a1_0.intoArray(panel, scratch + GROUP);
        a1_1.intoArray(panel, scratch + GROUP + LANES);
        a2_0.intoArray(panel, scratch + 2 * GROUP);
        a2_1.intoArray(panel, scratch + 2 * GROUP + LANES);
        a3_0.intoArray(panel, scratch + 3 * GROUP);
        a3_1.intoArray(panel, scratch + 3 * GROUP + LANES);
        a4_0.intoArray(panel, scratch + 4 * GROUP);
        a4_1.intoArray(panel, scratch + 4 * GROUP + LANES);
        a5_0.intoArray(panel, scratch + 5 * GROUP);
        a5_1.intoArray(panel, scratch + 5 * GROUP + LANES);
        a6_0.intoArray(panel, scratch + 6 * GROUP);
        a6_1.intoArray(panel, scratch + 6 * GROUP + LANES);
        a7_0.intoArray(panel, scratch + 7 * GROUP);
        a7_1.intoArray(panel, scratch + 7 * GROUP + LANES);
        a8_0.intoArray(panel, scratch + 8 * GROUP);
        a8_1.intoArray(panel, scratch + 8 * GROUP + LANES);
        a9_0.intoArray(panel, scratch + 9 * GROUP);
        a9_1.intoArray(panel, scratch + 9 * GROUP + LANES);
        a10_0.intoArray(panel, scratch + 10 * GROUP);
        a10_1.intoArray(panel, scratch + 10 * GROUP + LANES);
        a11_0.intoArray(panel, scratch + 11 * GROUP);
        a11_1.intoArray(panel, scratch + 11 * GROUP + LANES);
        scatter(panel, scratch, PANEL, out, g * GROUP * rows + firstRow, rows, GROUP / 2);
    }

    /**
     * A tile's outputs, {@code tileRows} rows of {@code GROUP} floats from {@code buffer[scratch]}, into
     * {@code out[at + r + j * rows]} for the first {@code tokens} tokens: strided stores. The vectors are
     * stored by the tiles themselves; a call taking them would box them wherever C2 declined to inline it.
     */
    private void scatter(float[] buffer, int scratch, int tileRows, float[] out, int at, int rows, int tokens) {
        for (int j = 0; j < tokens; j++) {
            int o = at + j * rows;
            for (int r = 0; r < tileRows; r++) {
                put(out, o + r, buffer[scratch + r * GROUP + j]);
            }
        }
    }

    /**
     * Four panel rows from {@code panel[at]} by tokens {@code b..b+3}. The sums are reduced and stored here, not by
     * a helper taking the vectors: that would box them wherever C2 declined to inline it.
     */
    private void tile(float[] panel, int at, int b, float[] out, int rows, int firstRow) {
        int span = width; // the panel's row stride, the block's columns
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int x0 = b * cols + from;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        for (int k = 0; k < span; k += F.length()) {
            FloatVector t0 = FloatVector.fromArray(F, x, x0 + k);
            FloatVector t1 = FloatVector.fromArray(F, x, x1 + k);
            FloatVector t2 = FloatVector.fromArray(F, x, x2 + k);
            FloatVector t3 = FloatVector.fromArray(F, x, x3 + k);
            FloatVector w0 = FloatVector.fromArray(F, panel, at + k);
            a00 = w0.fma(t0, a00);
            a01 = w0.fma(t1, a01);
            a02 = w0.fma(t2, a02);
            a03 = w0.fma(t3, a03);
            FloatVector w1 = FloatVector.fromArray(F, panel, at + span + k);
            a10 = w1.fma(t0, a10);
            a11 = w1.fma(t1, a11);
            a12 = w1.fma(t2, a12);
            a13 = w1.fma(t3, a13);
            FloatVector w2 = FloatVector.fromArray(F, panel, at + 2 * span + k);
            a20 = w2.fma(t0, a20);
            a21 = w2.fma(t1, a21);
            a22 = w2.fma(t2, a22);
            a23 = w2.fma(t3, a23);
            FloatVector w3 = FloatVector.fromArray(F, panel, at + 3 * span + k);
            a30 = w3.fma(t0, a30);
            a31 = w3.fma(t1, a31);
            a32 = w3.fma(t2, a32);
            a33 = w3.fma(t3, a33);
        }
        int o = b * rows + firstRow;
        put(out, o, a00.reduceLanes(VectorOperators.ADD));
        put(out, o + 1, a10.reduceLanes(VectorOperators.ADD));
        put(out, o + 2, a20.reduceLanes(VectorOperators.ADD));
        put(out, o + 3, a30.reduceLanes(VectorOperators.ADD));
        put(out, o + rows, a01.reduceLanes(VectorOperators.ADD));
        put(out, o + rows + 1, a11.reduceLanes(VectorOperators.ADD));
        put(out, o + rows + 2, a21.reduceLanes(VectorOperators.ADD));
        put(out, o + rows + 3, a31.reduceLanes(VectorOperators.ADD));
        put(out, o + 2 * rows, a02.reduceLanes(VectorOperators.ADD));
        put(out, o + 2 * rows + 1, a12.reduceLanes(VectorOperators.ADD));
        put(out, o + 2 * rows + 2, a22.reduceLanes(VectorOperators.ADD));
        put(out, o + 2 * rows + 3, a32.reduceLanes(VectorOperators.ADD));
        put(out, o + 3 * rows, a03.reduceLanes(VectorOperators.ADD));
        put(out, o + 3 * rows + 1, a13.reduceLanes(VectorOperators.ADD));
        put(out, o + 3 * rows + 2, a23.reduceLanes(VectorOperators.ADD));
        put(out, o + 3 * rows + 3, a33.reduceLanes(VectorOperators.ADD));
    }
}
