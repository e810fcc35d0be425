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
 * into floats once, then multiplies it with every token of the batch in 4×4 register tiles (four rows by
 * four tokens: each loaded vector feeds four FMAs), so decoding is paid once per batch instead of once
 * per token. Reused across calls like {@link MatVec}; not reentrant.
 */
final class Gemm extends MatrixPass {

    private static final VectorSpecies<Float> F = Kernels.species();
    static final int PANEL = 4;

    private final ThreadLocal<float[]> panels = new ThreadLocal<>();
    private float[] x;       // (batch, cols)
    private int batch;

    Gemm() {
        super(PANEL);
    }

    /** Prepares a call; returns the number of chunks. */
    int prepare(CpuActivation input, int tokens, Weight[] matrices, Activation[] outputs) {
        x = input.data();
        batch = tokens;
        return plan(matrices, outputs);
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
        if (count == PANEL && F != null && cols % F.length() == 0) {
            for (; b + 4 <= batch; b += 4) {
                tile(panel, cols, b, out, rows, first);
            }
        }
        for (; b < batch; b++) {
            for (int i = 0; i < count; i++) {
                out[b * rows + first + i] = VectorMath.dot(panel, i * cols, x, b * cols, cols);
            }
        }
    }

    private float[] panel(int cols) {
        float[] p = panels.get();
        if (p == null || p.length < PANEL * cols) {
            p = new float[PANEL * cols];
            panels.set(p);
        }
        return p;
    }

    /** Four panel rows by tokens {@code b..b+3}. */
    private void tile(float[] w, int cols, int b, float[] out, int rows, int firstRow) {
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
            FloatVector w0 = FloatVector.fromArray(F, w, k);
            a00 = w0.fma(t0, a00);
            a01 = w0.fma(t1, a01);
            a02 = w0.fma(t2, a02);
            a03 = w0.fma(t3, a03);
            FloatVector w1 = FloatVector.fromArray(F, w, cols + k);
            a10 = w1.fma(t0, a10);
            a11 = w1.fma(t1, a11);
            a12 = w1.fma(t2, a12);
            a13 = w1.fma(t3, a13);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * cols + k);
            a20 = w2.fma(t0, a20);
            a21 = w2.fma(t1, a21);
            a22 = w2.fma(t2, a22);
            a23 = w2.fma(t3, a23);
            FloatVector w3 = FloatVector.fromArray(F, w, 3 * cols + k);
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
