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

    /**
     * Where the format takes several rows at once, they are spaced evenly across the chunk (rows {@code r},
     * {@code r + span}, ...): several streams from memory in flight at once, the loads of x shared. The
     * rows left over go one at a time. {@code KernelBenchmark.matVec} takes rows the same way.
     */
    @Override
    void compute(Tensor w, float[] out, int first, int count) {
        int together = w.rowsAtOnce();
        int span = together == 1 ? 0 : count / together;
        for (int r = first; r < first + span; r++) {
            w.dotSpaced(r, span, x, 0, xSums, out);
        }
        for (int r = first + together * span; r < first + count; r++) {
            out[r] = w.dot(r, x, 0, xSums);
        }
    }
}
