package dev.cairn.model;

import dev.cairn.tensor.Tensor;

/**
 * One layer's matrices grouped as the forward pass multiplies them: Q/K/V share an input, so do gate and
 * up. Built once per layer (per cache slot when streaming), so the forward pass allocates nothing.
 */
public final class LayerMatrices {

    final Tensor[] qkv;     // {wq (q_dim, dim), wk (kv_dim, dim), wv (kv_dim, dim)}
    final Tensor[] wo;      // {wo (dim, q_dim)}
    final Tensor[] gateUp;  // {w_gate (ffn_dim, dim), w_up (ffn_dim, dim)}
    final Tensor[] down;    // {w_down (dim, ffn_dim)}

    public LayerMatrices(Tensor wq, Tensor wk, Tensor wv, Tensor wo, Tensor wGate, Tensor wUp, Tensor wDown) {
        this.qkv = new Tensor[] {wq, wk, wv};
        this.wo = new Tensor[] {wo};
        this.gateUp = new Tensor[] {wGate, wUp};
        this.down = new Tensor[] {wDown};
    }

    /** The matrices of {@code w}, where the model file maps them. */
    public static LayerMatrices of(LayerWeights w) {
        return new LayerMatrices(w.wq(), w.wk(), w.wv(), w.wo(), w.wGate(), w.wUp(), w.wDown());
    }

    /** All seven, in {@link dev.cairn.gguf.GgufKeys#LAYER_MATRICES} order. */
    public Tensor[] all() {
        return new Tensor[] {qkv[0], qkv[1], qkv[2], wo[0], gateUp[0], gateUp[1], down[0]};
    }
}
