package dev.cairn.backend.cpu;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.QuantFormat;

/**
 * Matrices times one token's activations: each row a dot product on the stored bytes in place, the block
 * sums of the input computed once for all rows.
 */
final class MatVec extends MatrixPass {

    /** Rows per chunk: enough work per claim to amortise the atomic, small enough to balance. */
    private static final int ROWS_PER_CHUNK = 64;

    private float[] xSums = new float[0]; // (ceil(cols / 32)) block sums of x, shared by all rows
    private float[] x;                    // (cols)

    MatVec() {
        super(ROWS_PER_CHUNK);
    }

    /** Prepares a call; returns the number of chunks. */
    int prepare(CpuActivation input, Weight[] matrices, Activation[] outputs) {
        int cols = input.cols();
        int sums = (cols + QuantFormat.SUM_BLOCK - 1) / QuantFormat.SUM_BLOCK;
        if (xSums.length < sums) {
            xSums = new float[sums];
        }
        QuantFormat.blockSums(input.data(), 0, cols, xSums);
        x = input.data();
        return plan(matrices, outputs);
    }

    @Override
    void compute(Tensor w, float[] out, int first, int count) {
        for (int r = first; r < first + count; r++) {
            out[r] = w.dot(r, x, 0, xSums);
        }
    }
}
