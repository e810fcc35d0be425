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

    /**
     * Rows per chunk and per row taken at once: enough work per claim to amortise the atomic, small enough
     * to balance. A chunk reads its rows as {@link Tensor#rowsAtOnce} streams of this many rows each: with
     * 64-row chunks whatever the format, Q4_0 (then two streams) decoded at 18.7-19.0 tok/s and Q8_0 (four)
     * at 12.95-13.28; with 128 and 256 rows, 19.4-19.7 and 13.47-13.52 (tinyllama, two rounds each). Q4_K_M,
     * a row at a time, measured no better with bigger chunks. Now that each thread works through a share of
     * consecutive chunks, 64 to 256 rows per stream decoded Q4_0 (two streams) alike (19.5-20.7 tok/s), and
     * 16 or 32 slower (18.0, 19.6).
     */
    private static final int ROWS_PER_STREAM = 64;

    private float[] xSums = new float[0]; // (ceil(cols / 32)) block sums of x, shared by all rows
    private float[] x;                    // (cols)

    @Override
    int rowsPerChunk(Tensor w) {
        return ROWS_PER_STREAM * w.rowsAtOnce();
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
