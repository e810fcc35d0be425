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
    private int pos;

    Attention(ModelConfig c, InferenceState state) {
        this.s = state;
        this.headDim = c.headDim();
        this.groupSize = c.groupSize();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /** Writes the attention output of every head for position {@code position} of {@code layer} to {@code s.att}. */
    void run(int layerIndex, int position, int heads, Backend backend) {
        layer = layerIndex;
        pos = position;
        backend.parallelFor(heads, this);
    }

    @Override
    public void accept(int h) {
        int qOff = h * headDim;
        int kvOff = (h / groupSize) * headDim;
        int scoreOff = h * s.contextLength();
        KvCache kv = s.kv;
        float[] scratch = s.headScratch[h];
        for (int t = 0; t <= pos; t++) {
            s.scores[scoreOff + t] = kv.keyDot(layer, t, kvOff, s.q, qOff, headDim, scratch) * scale;
        }
        Ops.softmax(s.scores, scoreOff, pos + 1);
        Arrays.fill(s.att, qOff, qOff + headDim, 0f);
        for (int t = 0; t <= pos; t++) {
            kv.addWeightedValue(layer, t, kvOff, s.scores[scoreOff + t], s.att, qOff, headDim, scratch);
        }
    }
}
