package dev.cairn.backend.cpu;

import dev.cairn.tensor.VectorMath;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Causal multi-head attention with grouped KV heads over the cache, one head per parallel task, the query
 * tokens of a batch one after another within it; keys and values are widened from the cache
 * {@link #BLOCK} positions at a time. Reused for every layer and token, so the hot path allocates nothing;
 * not reentrant (one forward pass at a time).
 */
final class Attention implements IntConsumer {

    /** Positions widened per call into the cache. */
    private static final int BLOCK = 32;

    private float[][] rows = new float[0][]; // (heads, BLOCK * head_dim) widened keys or values per task
    private CpuKvCache kv;
    private int layer;
    private int firstPos;     // position of the first query token
    private int tokens;       // query tokens in this call
    private int qDim;         // heads * head_dim
    private int groupSize;    // query heads per KV head
    private float scale;      // 1 / sqrt(head_dim)
    private float[] queries;  // (tokens, q_dim)
    private float[] scores;   // (heads, context)
    private int scoreStride;
    private float[] outputs;  // (tokens, q_dim)

    /** Prepares a call; returns the number of tasks (heads). */
    int prepare(CpuKvCache cache, int layerIndex, CpuActivation q, CpuActivation scratch, CpuActivation out,
            int position, int count) {
        int headDim = cache.shape().headDim();
        int heads = q.cols() / headDim;
        if (q.cols() != heads * headDim || heads % cache.shape().kvHeads() != 0 || out.cols() != q.cols()) {
            throw new IllegalArgumentException("queries of width " + q.cols() + " do not split into heads of "
                    + headDim + " over " + cache.shape().kvHeads() + " KV heads");
        }
        if (scratch.rows() < heads || scratch.cols() < position + count || position + count > cache.shape().context()) {
            throw new IllegalArgumentException("positions up to " + (position + count) + " do not fit the context");
        }
        if (rows.length < heads || rows[0].length < BLOCK * headDim) {
            rows = new float[heads][BLOCK * headDim];
        }
        kv = cache;
        layer = layerIndex;
        firstPos = position;
        tokens = count;
        qDim = q.cols();
        groupSize = heads / cache.shape().kvHeads();
        scale = (float) (1.0 / Math.sqrt(headDim));
        queries = q.data();
        scores = scratch.data();
        scoreStride = scratch.cols();
        outputs = out.data();
        return heads;
    }

    @Override
    public void accept(int h) {
        int headDim = kv.shape().headDim();
        int kvHead = h / groupSize;
        int scoreOff = h * scoreStride;
        float[] block = rows[h];
        for (int b = 0; b < tokens; b++) {
            int pos = firstPos + b;
            int qOff = b * qDim + h * headDim;
            for (int t0 = 0; t0 <= pos; t0 += BLOCK) {
                int n = Math.min(BLOCK, pos + 1 - t0);
                kv.keys(layer, kvHead, t0, n, block);
                for (int i = 0; i < n; i++) {
                    scores[scoreOff + t0 + i] = VectorMath.dot(queries, qOff, block, i * headDim, headDim) * scale;
                }
            }
            RowOps.softmax(scores, scoreOff, pos + 1);
            Arrays.fill(outputs, qOff, qOff + headDim, 0f);
            for (int t0 = 0; t0 <= pos; t0 += BLOCK) {
                int n = Math.min(BLOCK, pos + 1 - t0);
                kv.values(layer, kvHead, t0, n, block);
                for (int i = 0; i < n; i++) {
                    VectorMath.axpy(scores[scoreOff + t0 + i], block, i * headDim, outputs, qOff, headDim);
                }
            }
        }
    }
}
