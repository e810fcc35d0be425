package dev.cairn.backend.cpu;

import dev.cairn.tensor.VectorMath;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Causal multi-head attention with grouped KV heads over the cache. A task is one KV head and a run of
 * query tokens: it widens each block of {@link #BLOCK} cached positions once and uses it for every query
 * head of the group and every token of the run, so a prompt widens its keys and values a few times per
 * layer instead of once per query head and token. The softmax is computed online (a running maximum and
 * sum per query head, the output rescaled when the maximum grows), so no token needs a row of scores over
 * the whole context. A query sees the same blocks in the same order whichever run it is in, so a prompt's
 * tokens attend as they would decoded one by one. Reused for every layer and token, so the hot path
 * allocates nothing once its buffers have grown; not reentrant (one forward pass at a time). A decoded
 * token is therefore {@code kvHeads} tasks (4 for tinyllama): enough for two threads, too few to keep
 * more threads than KV heads busy at long contexts; splitting a group's query heads would fix that.
 */
final class Attention implements IntConsumer {

    /** Cached positions widened per call into the cache. */
    private static final int BLOCK = 32;
    /** Query tokens per task: enough to share each widened block, few enough for tasks to balance. */
    private static final int RUN = 16;

    /** Per worker thread: widened keys, widened values (each (BLOCK, head_dim)) and one block of scores. */
    private final ThreadLocal<float[][]> blocks = ThreadLocal.withInitial(() -> new float[3][0]);
    private CpuKvCache kv;
    private int layer;
    private int firstPos;     // position of the first query token
    private int tokens;       // query tokens in this call
    private int heads;        // query heads
    private int groupSize;    // query heads per KV head
    private float scale;      // 1 / sqrt(head_dim)
    private float[] queries;  // (tokens, heads * head_dim)
    private float[] outputs;  // (tokens, heads * head_dim)
    private float[] maxima = new float[0];  // (tokens, heads) largest score so far
    private double[] sums = new double[0];  // (tokens, heads) sum of exp(score - maximum) so far

    /** Prepares a call; returns the number of tasks. */
    int prepare(CpuKvCache cache, int layerIndex, CpuActivation q, CpuActivation out, int position, int count) {
        int headDim = cache.shape().headDim();
        int kvHeads = cache.shape().kvHeads();
        heads = q.cols() / headDim;
        if (q.cols() != heads * headDim || heads % kvHeads != 0 || out.cols() != q.cols()) {
            throw new IllegalArgumentException("queries of width " + q.cols() + " do not split into heads of "
                    + headDim + " over " + kvHeads + " KV heads");
        }
        if (position + count > cache.shape().context()) {
            throw new IllegalArgumentException("positions up to " + (position + count) + " do not fit the context");
        }
        if (maxima.length < count * heads) {
            maxima = new float[count * heads];
            sums = new double[count * heads];
        }
        kv = cache;
        layer = layerIndex;
        firstPos = position;
        tokens = count;
        groupSize = heads / kvHeads;
        scale = (float) (1.0 / Math.sqrt(headDim));
        queries = q.data();
        outputs = out.data();
        return kvHeads * ((count + RUN - 1) / RUN);
    }

    @Override
    public void accept(int task) {
        int headDim = kv.shape().headDim();
        int kvHead = task % kv.shape().kvHeads();
        int firstToken = task / kv.shape().kvHeads() * RUN;
        int endToken = Math.min(tokens, firstToken + RUN);
        float[][] buffers = threadBlocks(headDim);
        float[] keys = buffers[0];   // (BLOCK, head_dim)
        float[] values = buffers[1]; // (BLOCK, head_dim)
        float[] scores = buffers[2]; // (BLOCK)

        // Start every query of the run with nothing seen: no maximum, an empty sum, a zero output.
        for (int b = firstToken; b < endToken; b++) {
            for (int h = kvHead * groupSize; h < (kvHead + 1) * groupSize; h++) {
                maxima[b * heads + h] = Float.NEGATIVE_INFINITY;
                sums[b * heads + h] = 0;
                Arrays.fill(outputs, (b * heads + h) * headDim, (b * heads + h + 1) * headDim, 0f);
            }
        }
        // Each block of cached positions once, for every query of the run that may see it.
        int lastPos = firstPos + endToken - 1;
        for (int t0 = 0; t0 <= lastPos; t0 += BLOCK) {
            int n = Math.min(BLOCK, lastPos + 1 - t0);
            kv.keys(layer, kvHead, t0, n, keys);
            kv.values(layer, kvHead, t0, n, values);
            for (int b = Math.max(firstToken, t0 - firstPos); b < endToken; b++) {
                int seen = Math.min(n, firstPos + b + 1 - t0); // causal: positions up to the query's own
                for (int h = kvHead * groupSize; h < (kvHead + 1) * groupSize; h++) {
                    accumulate(b * heads + h, headDim, keys, values, scores, seen);
                }
            }
        }
        // Normalise: the output so far is the sum of exp(score - maximum) * value.
        for (int b = firstToken; b < endToken; b++) {
            for (int h = kvHead * groupSize; h < (kvHead + 1) * groupSize; h++) {
                VectorMath.scale(outputs, (b * heads + h) * headDim, headDim, (float) (1.0 / sums[b * heads + h]));
            }
        }
    }

    /** Adds {@code seen} positions of a widened block to query {@code query} (token-major, then head). */
    private void accumulate(int query, int headDim, float[] keys, float[] values, float[] scores, int seen) {
        int qOff = query * headDim;
        float blockMax = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < seen; i++) {
            scores[i] = VectorMath.dot(queries, qOff, keys, i * headDim, headDim) * scale;
            blockMax = Math.max(blockMax, scores[i]);
        }
        float max = maxima[query];
        if (blockMax > max) {
            // A larger maximum: what was summed so far shrinks by exp(old - new).
            double shrink = Math.exp(max - blockMax);
            sums[query] *= shrink;
            VectorMath.scale(outputs, qOff, headDim, (float) shrink);
            maxima[query] = max = blockMax;
        }
        double sum = 0;
        for (int i = 0; i < seen; i++) {
            float weight = (float) Math.exp(scores[i] - max);
            sum += weight;
            VectorMath.axpy(weight, values, i * headDim, outputs, qOff, headDim);
        }
        sums[query] += sum;
    }

    private float[][] threadBlocks(int headDim) {
        float[][] buffers = blocks.get();
        if (buffers[0].length < BLOCK * headDim) {
            buffers[0] = new float[BLOCK * headDim];
            buffers[1] = new float[BLOCK * headDim];
            buffers[2] = new float[BLOCK];
        }
        return buffers;
    }
}
