package dev.cairn.model;

/** Activations for a batch of prompt tokens, row-major with one row per token. Allocated on first use. */
final class BatchBuffers {

    /** Tokens per batch: enough to amortise decoding each weight row, small enough to stay in cache. */
    static final int MAX_TOKENS = 64;

    final float[] x;     // (tokens, dim) residual stream
    final float[] xb;    // (tokens, dim)
    final float[] q;     // (tokens, q_dim)
    final float[] k;     // (tokens, kv_dim)
    final float[] v;     // (tokens, kv_dim)
    final float[] att;   // (tokens, q_dim)
    final float[] proj;  // (tokens, dim)
    final float[] gate;  // (tokens, ffn_dim)
    final float[] up;    // (tokens, ffn_dim)
    final float[][] qkvOut;
    final float[][] gateUpOut;
    final float[][] projOut;

    BatchBuffers(ModelConfig c) {
        x = new float[MAX_TOKENS * c.dim()];
        xb = new float[MAX_TOKENS * c.dim()];
        q = new float[MAX_TOKENS * c.qDim()];
        k = new float[MAX_TOKENS * c.kvDim()];
        v = new float[MAX_TOKENS * c.kvDim()];
        att = new float[MAX_TOKENS * c.qDim()];
        proj = new float[MAX_TOKENS * c.dim()];
        gate = new float[MAX_TOKENS * c.ffnDim()];
        up = new float[MAX_TOKENS * c.ffnDim()];
        qkvOut = new float[][] {q, k, v};
        gateUpOut = new float[][] {gate, up};
        projOut = new float[][] {proj};
    }
}
