package dev.cairn.model;

import dev.cairn.backend.Backend;

/** Causal multi-head attention with grouped KV heads over the cache, one query position at a time. */
final class Attention {

    private Attention() {
    }

    /** Writes the attention output of every head for position {@code pos} of layer {@code layer} to {@code s.att}. */
    static void attend(ModelConfig c, InferenceState s, int layer, int pos, Backend backend) {
        int headDim = c.headDim();
        int kvDim = c.kvDim();
        int context = s.contextLength();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        float[] keys = s.keyCache[layer];
        float[] values = s.valueCache[layer];
        backend.parallelFor(c.heads(), h -> {
            int qOff = h * headDim;
            int kvOff = (h / c.groupSize()) * headDim;
            int scoreOff = h * context;
            for (int t = 0; t <= pos; t++) {
                int kOff = t * kvDim + kvOff;
                float dot = 0f;
                for (int i = 0; i < headDim; i++) {
                    dot += s.q[qOff + i] * keys[kOff + i];
                }
                s.scores[scoreOff + t] = dot * scale;
            }
            Ops.softmax(s.scores, scoreOff, pos + 1);
            java.util.Arrays.fill(s.att, qOff, qOff + headDim, 0f);
            for (int t = 0; t <= pos; t++) {
                float a = s.scores[scoreOff + t];
                int vOff = t * kvDim + kvOff;
                for (int i = 0; i < headDim; i++) {
                    s.att[qOff + i] += a * values[vOff + i];
                }
            }
        });
    }
}
