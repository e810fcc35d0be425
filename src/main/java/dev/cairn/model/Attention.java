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
    private final int kvDim;
    private final int groupSize;
    private final float scale;
    private float[] keys;   // (context, kv_dim) of the current layer
    private float[] values; // (context, kv_dim)
    private int pos;

    Attention(ModelConfig c, InferenceState state) {
        this.s = state;
        this.headDim = c.headDim();
        this.kvDim = c.kvDim();
        this.groupSize = c.groupSize();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /** Writes the attention output of every head for position {@code position} of {@code layer} to {@code s.att}. */
    void run(int layer, int position, int heads, Backend backend) {
        keys = s.keyCache[layer];
        values = s.valueCache[layer];
        pos = position;
        backend.parallelFor(heads, this);
    }

    @Override
    public void accept(int h) {
        int qOff = h * headDim;
        int kvOff = (h / groupSize) * headDim;
        int scoreOff = h * s.contextLength();
        for (int t = 0; t <= pos; t++) {
            int kOff = t * kvDim + kvOff;
            float dot = 0f;
            for (int i = 0; i < headDim; i++) {
                dot += s.q[qOff + i] * keys[kOff + i];
            }
            s.scores[scoreOff + t] = dot * scale;
        }
        Ops.softmax(s.scores, scoreOff, pos + 1);
        Arrays.fill(s.att, qOff, qOff + headDim, 0f);
        for (int t = 0; t <= pos; t++) {
            float a = s.scores[scoreOff + t];
            int vOff = t * kvDim + kvOff;
            for (int i = 0; i < headDim; i++) {
                s.att[qOff + i] += a * values[vOff + i];
            }
        }
    }
}
