package dev.cairn.backend;

import dev.cairn.tensor.Tensor;
import java.util.function.IntConsumer;

/** The compute a forward pass needs, behind one interface so that a GPU can take over the heavy parts. */
public interface Backend extends AutoCloseable {

    String name();

    /** Degree of parallelism this backend uses. */
    int threads();

    /**
     * Mat-vecs {@code outs[i][r] = dot(ws[i][r], x)} for every row {@code r}: several matrices that read the
     * same input run as one parallel pass (one synchronisation instead of
     * one per matrix): {@code outs[i][r] = dot(ws[i][r], x)}. Callers on the hot path pass arrays they
     * keep, so nothing is allocated per call.
     */
    void matVecs(float[] x, Tensor[] ws, float[][] outs);

    /**
     * Matrix products for a batch of inputs, the prompt-processing counterpart of {@link #matVecs}:
     * {@code outs[i][b * rows_i + r] = dot(ws[i][r], x[b * cols .. (b + 1) * cols))} for {@code b < batch}.
     * Each weight row is decoded once for the whole batch.
     */
    void matMuls(float[] x, int batch, Tensor[] ws, float[][] outs);

    /** Runs {@code body} for each index in {@code [0, count)}, possibly in parallel, and waits for all. */
    void parallelFor(int count, IntConsumer body);

    @Override
    void close();
}
