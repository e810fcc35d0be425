package dev.cairn.backend.cpu;

import dev.cairn.backend.Backend;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.Kernels;
import dev.cairn.tensor.quant.QuantFormat;
import java.util.function.IntConsumer;

/** Computes on the CPU with the Vector API kernels, rows split over a {@link ThreadTeam}. */
public final class CpuBackend implements Backend {

    private final ThreadTeam team;
    private final MatVecTask matVec = new MatVecTask();
    private final Gemm gemm = new Gemm();

    public CpuBackend(int threads) {
        this.team = new ThreadTeam(threads);
    }

    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "CPU (" + Kernels.describe() + ", " + team.size() + " threads)";
    }

    @Override
    public int threads() {
        return team.size();
    }

    @Override
    public void matVecs(float[] x, Tensor[] ws, float[][] outs) {
        team.parallelFor(matVec.prepare(x, ws, outs), matVec);
    }

    @Override
    public void matMuls(float[] x, int batch, Tensor[] ws, float[][] outs) {
        team.parallelFor(gemm.prepare(x, batch, ws, outs), gemm);
    }

    @Override
    public void parallelFor(int count, IntConsumer body) {
        team.parallelFor(count, body);
    }

    @Override
    public void close() {
        team.close();
    }

    /**
     * The rows of all matrices of one {@link #matVecs} call, cut into chunks; reused for every call (the
     * forward pass is sequential) so the hot path allocates nothing.
     */
    private static final class MatVecTask implements IntConsumer {

        /** Rows per chunk: enough work per claim to amortise the atomic, small enough to balance. */
        private static final int ROWS_PER_CHUNK = 64;

        private final MatrixChunks chunks = new MatrixChunks(ROWS_PER_CHUNK);
        private float[] xSums = new float[0]; // (ceil(cols / 32)) block sums of x, shared by all rows
        private float[] x;
        private Tensor[] ws;
        private float[][] outs;

        int prepare(float[] input, Tensor[] matrices, float[][] outputs) {
            int count = chunks.plan(matrices, outputs.length);
            int cols = matrices[0].cols();
            for (Tensor w : matrices) {
                if (w.cols() != cols) {
                    throw new IllegalArgumentException("matrices of one mat-vec call share their input: " + w.name() + " has "
                            + w.cols() + " columns, not " + cols);
                }
            }
            int sums = (cols + QuantFormat.SUM_BLOCK - 1) / QuantFormat.SUM_BLOCK;
            if (xSums.length < sums) {
                xSums = new float[sums];
            }
            QuantFormat.blockSums(input, 0, cols, xSums);
            x = input;
            ws = matrices;
            outs = outputs;
            return count;
        }

        @Override
        public void accept(int chunk) {
            int m = chunks.matrixOf(chunk);
            Tensor w = ws[m];
            float[] out = outs[m];
            int start = chunks.firstRow(chunk, m);
            int end = Math.min(w.rows(), start + ROWS_PER_CHUNK);
            for (int r = start; r < end; r++) {
                out[r] = w.dot(r, x, 0, xSums);
            }
        }
    }
}
