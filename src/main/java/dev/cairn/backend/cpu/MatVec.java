package dev.cairn.backend.cpu;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.QuantFormat;
import java.util.function.IntConsumer;

/**
 * Matrices times one token's activations: the rows of all matrices of a call, cut into chunks, each row a
 * dot product on the stored bytes in place. Reused for every call (the forward pass is sequential), so
 * the hot path allocates nothing; not reentrant.
 */
final class MatVec implements IntConsumer {

    /** Rows per chunk: enough work per claim to amortise the atomic, small enough to balance. */
    private static final int ROWS_PER_CHUNK = 64;

    private final MatrixChunks chunks = new MatrixChunks(ROWS_PER_CHUNK);
    private float[] xSums = new float[0]; // (ceil(cols / 32)) block sums of x, shared by all rows
    private float[] x;                    // (cols)
    private Weight[] ws;
    private Activation[] outs;            // each (1, rows)

    /** Prepares a call; returns the number of chunks. */
    int prepare(CpuActivation input, Weight[] matrices, Activation[] outputs) {
        int count = chunks.plan(matrices, outputs.length);
        int cols = input.cols();
        int sums = (cols + QuantFormat.SUM_BLOCK - 1) / QuantFormat.SUM_BLOCK;
        if (xSums.length < sums) {
            xSums = new float[sums];
        }
        QuantFormat.blockSums(input.data(), 0, cols, xSums);
        x = input.data();
        ws = matrices;
        outs = outputs;
        return count;
    }

    @Override
    public void accept(int chunk) {
        int m = chunks.matrixOf(chunk);
        Tensor w = ((CpuWeight) ws[m]).tensor();
        float[] out = ((CpuActivation) outs[m]).data();
        int start = chunks.firstRow(chunk, m);
        int end = Math.min(w.rows(), start + ROWS_PER_CHUNK);
        for (int r = start; r < end; r++) {
            out[r] = w.dot(r, x, 0, xSums);
        }
    }
}
