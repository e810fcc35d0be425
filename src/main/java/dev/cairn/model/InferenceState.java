package dev.cairn.model;

import dev.cairn.tensor.quant.GgmlType;

/**
 * Per-session mutable state of a forward pass: activations and the KV cache. One per conversation;
 * never shared between threads that run different sessions.
 */
public final class InferenceState {

    final float[] x;          // (dim) residual stream
    final float[] xb;         // (dim) normalised input of the current sub-block
    final float[] q;          // (q_dim)
    final float[] k;          // (kv_dim)
    final float[] v;          // (kv_dim)
    final float[] att;        // (q_dim) attention output before the output projection
    final float[] scores;     // (heads, context) attention weights
    final float[] proj;       // (dim) output of wo / w_down before it joins the residual
    final float[] gate;       // (ffn_dim)
    final float[] up;         // (ffn_dim)
    final float[] ropeCos;    // (rope_dim / 2) for the current position
    final float[] ropeSin;    // (rope_dim / 2)
    final float[] logits;     // (vocab)
    final KvCache kv;
    final float[][] headScratch; // (heads, head_dim) one value row per attention task
    final float[][] qkvOut;     // {q, k, v}: outputs of the fused Q/K/V projection
    final float[][] gateUpOut;  // {gate, up}
    final float[][] projOut;    // {proj}
    final float[][] logitsOut;  // {logits}
    final Attention attention;
    private BatchBuffers batch;
    private final int contextLength;
    private int position;

    public InferenceState(ModelConfig config, int contextLength) {
        this(config, contextLength, GgmlType.F16);
    }

    /** A state whose KV cache stores keys and values as {@code kvType} (F16 or F32). */
    public InferenceState(ModelConfig config, int contextLength, GgmlType kvType) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be at least 1, was " + contextLength);
        }
        this.contextLength = contextLength;
        x = new float[config.dim()];
        xb = new float[config.dim()];
        q = new float[config.qDim()];
        k = new float[config.kvDim()];
        v = new float[config.kvDim()];
        att = new float[config.qDim()];
        scores = new float[Math.multiplyExact(config.heads(), contextLength)];
        proj = new float[config.dim()];
        gate = new float[config.ffnDim()];
        up = new float[config.ffnDim()];
        ropeCos = new float[config.ropeDim() / 2];
        ropeSin = new float[config.ropeDim() / 2];
        logits = new float[config.vocabSize()];
        kv = new KvCache(kvType, config.layers(), contextLength, config.kvDim());
        headScratch = new float[config.heads()][config.headDim()];
        qkvOut = new float[][] {q, k, v};
        gateUpOut = new float[][] {gate, up};
        projOut = new float[][] {proj};
        logitsOut = new float[][] {logits};
        attention = new Attention(config, this);
    }

    BatchBuffers batch(ModelConfig config) {
        if (batch == null) {
            batch = new BatchBuffers(config);
        }
        return batch;
    }

    void advance(int tokens) {
        position += tokens;
    }

    public KvCache kvCache() {
        return kv;
    }

    public int contextLength() {
        return contextLength;
    }

    /** Number of tokens already in the KV cache; the next token is evaluated at this position. */
    public int position() {
        return position;
    }

    void advance() {
        position++;
    }

    /** Forgets the conversation so the state can be reused from position 0. */
    public void reset() {
        position = 0;
    }

    /**
     * Keeps only the first {@code keep} positions of the KV cache, so a conversation that shares that
     * prefix continues from there; later entries are overwritten as new tokens are evaluated.
     */
    public void rewind(int keep) {
        if (keep < 0 || keep > position) {
            throw new IllegalArgumentException("cannot rewind to " + keep + ": the cache holds " + position + " positions");
        }
        position = keep;
    }

    /** Logits of the last evaluated token. The array is reused by the next forward pass. */
    public float[] logits() {
        return logits;
    }
}
