package dev.cairn.backend;

import dev.cairn.tensor.Tensor;

/** The compute a forward pass needs, behind one interface so that a GPU can take over the heavy parts. */
public interface Backend extends AutoCloseable {

    String name();

    /** Degree of parallelism this backend uses. */
    int threads();

    /** {@code out[outOff + r] = dot(w[r], x[0..w.cols))} for every row {@code r} of {@code w}. */
    void matVec(Tensor w, float[] x, float[] out, int outOff);

    /** Runs {@code body} for each index in {@code [0, count)}, possibly in parallel, and waits for all. */
    void parallelFor(int count, java.util.function.IntConsumer body);

    @Override
    void close();
}
