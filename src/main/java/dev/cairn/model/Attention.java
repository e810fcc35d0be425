package dev.cairn.model;

import dev.cairn.backend.Backend;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Causal multi-head attention with grouped KV heads over the cache, one query position at a time, one
 * head per parallel task. One instance per {@link InferenceState}, reused for every layer and token so
 * the hot path allocates nothing.
 */
final class Attention implements IntConsumer {

    private final InferenceState s;
    private final int headDim;
    private final int groupSize;
    private final float scale;
    private int layer;
    private int firstPos;   // position of the first query token
    private int tokens;     // query tokens in this call
    private float[] queries; // (tokens, q_dim)
    private float[] outputs; // (tokens, q_dim)

    Attention(ModelConfig c, InferenceState state) {
        this.s = state;
        this.headDim = c.headDim();
        this.groupSize = c.groupSize();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /** Writes the attention output of every head for position {@code position} of {@code layer} to {@code s.att}. */
    void run(int layerIndex, int position, int heads, Backend backend) {
        run(layerIndex, position, 1, s.q, s.att, heads, backend);
    }

    /**
     * Attention for {@code count} consecutive query tokens starting at {@code position}, whose keys and
     * values are already in the cache; token {@code b} sees positions up to {@code position + b} only.
     */
    void run(int layerIndex, int position, int count, float[] q, float[] out, int heads, Backend backend) {
        layer = layerIndex;
        firstPos = position;
        tokens = count;
        queries = q;
        outputs = out;
        backend.parallelFor(heads, this);
    }

    @Override
    public void accept(int h) {
        int qDim = s.q.length;
        int kvOff = (h / groupSize) * headDim;
        int scoreOff = h * s.contextLength();
        KvCache kv = s.kv;
        float[] scratch = s.headScratch[h];
        for (int b = 0; b < tokens; b++) {
            int pos = firstPos + b;
            int qOff = b * qDim + h * headDim;
            for (int t = 0; t <= pos; t++) {
                s.scores[scoreOff + t] = kv.keyDot(layer, t, kvOff, queries, qOff, headDim, scratch) * scale;
            }
            Ops.softmax(s.scores, scoreOff, pos + 1);
            Arrays.fill(outputs, qOff, qOff + headDim, 0f);
            for (int t = 0; t <= pos; t++) {
                kv.addWeightedValue(layer, t, kvOff, s.scores[scoreOff + t], outputs, qOff, headDim, scratch);
            }
        }
    }
}
