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
     * Where the format pairs rows, row {@code i} of the chunk's first half goes with row {@code i} of its
     * second half: two reads from memory, half a chunk apart, in flight at once (one thread's kernel reads
     * 6.5 GB/s from memory a row at a time, 9.5 GB/s two rows at a time; measured on Q8_0).
     */
    @Override
    void compute(Tensor w, float[] out, int first, int count) {
        if (!w.pairsRows()) {
            for (int r = first; r < first + count; r++) {
                out[r] = w.dot(r, x, 0, xSums);
            }
            return;
        }
        int half = count / 2;
        for (int r = first; r < first + half; r++) {
            w.dotPair(r, r + half, x, 0, xSums, out);
        }
        if (count % 2 != 0) {
            out[first + count - 1] = w.dot(first + count - 1, x, 0, xSums);
        }
    }
}
