package dev.cairn.backend.cpu;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import java.util.function.IntConsumer;

/**
 * The rows of several matrices that read one input, computed in one parallel pass cut into chunks of rows
 * (one synchronisation instead of one per matrix); a subclass sizes the chunks per matrix and computes
 * one. Reused for every call (the forward pass is sequential), so planning allocates nothing; not
 * reentrant.
 */
abstract class MatrixPass implements IntConsumer {

    private static final int MAX_MATRICES = 8;

    private final int[] firstChunk = new int[MAX_MATRICES + 1]; // (matrices + 1) chunk index where each matrix starts
    private final int[] chunkRows = new int[MAX_MATRICES];      // (matrices) rows per chunk of each matrix
    private Weight[] ws;
    private Activation[] outs;

    /** Plans chunks over {@code matrices}, one output each; returns the number of chunks. */
    final int plan(Weight[] matrices, Activation[] outputs) {
        if (matrices.length == 0 || matrices.length > MAX_MATRICES || matrices.length != outputs.length) {
            throw new IllegalArgumentException("between 1 and " + MAX_MATRICES + " matrices, one output each");
        }
        for (int i = 0; i < matrices.length; i++) {
            chunkRows[i] = rowsPerChunk(((CpuWeight) matrices[i]).tensor());
            firstChunk[i + 1] = firstChunk[i] + (matrices[i].rows() + chunkRows[i] - 1) / chunkRows[i];
        }
        ws = matrices;
        outs = outputs;
        return firstChunk[matrices.length];
    }

    @Override
    public final void accept(int chunk) {
        int m = 0;
        while (chunk >= firstChunk[m + 1]) {
            m++;
        }
        Tensor w = ((CpuWeight) ws[m]).tensor();
        int first = (chunk - firstChunk[m]) * chunkRows[m];
        compute(w, ((CpuActivation) outs[m]).data(), first, Math.min(chunkRows[m], w.rows() - first));
    }

    /** Rows per chunk of {@code w}. */
    abstract int rowsPerChunk(Tensor w);

    /** Rows {@code [first, first + count)} of {@code w} times the input, into {@code out}. */
    abstract void compute(Tensor w, float[] out, int first, int count);
}
