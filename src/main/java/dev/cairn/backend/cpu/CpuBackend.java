package dev.cairn.backend.cpu;

import dev.cairn.backend.Backend;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.Kernels;
import java.util.function.IntConsumer;

/** Computes on the CPU with the Vector API kernels, rows split over a {@link ThreadTeam}. */
public final class CpuBackend implements Backend {

    /** Rows per work chunk: enough work per claim to amortise the atomic, small enough to balance. */
    private static final int ROWS_PER_CHUNK = 16;

    private final ThreadTeam team;

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
    public void matVec(Tensor w, float[] x, float[] out, int outOff) {
        int rows = w.rows();
        int chunks = (rows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
        team.parallelFor(chunks, chunk -> {
            int end = Math.min(rows, (chunk + 1) * ROWS_PER_CHUNK);
            for (int r = chunk * ROWS_PER_CHUNK; r < end; r++) {
                out[outOff + r] = w.dot(r, x, 0);
            }
        });
    }

    @Override
    public void parallelFor(int count, IntConsumer body) {
        team.parallelFor(count, body);
    }

    @Override
    public void close() {
        team.close();
    }
}
