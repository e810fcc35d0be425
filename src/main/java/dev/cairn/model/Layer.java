package dev.cairn.model;

import dev.cairn.backend.Weight;

/**
 * One transformer block's weights where the backend computes, by role, with the matrices grouped as the
 * forward pass multiplies them: Q/K/V share an input, so do gate and up. Built once per layer (per cache
 * slot when streaming), so the forward pass allocates nothing.
 */
public final class Layer {

    private final Weight[] byRole; // (LayerTensor count) null for roles the architecture lacks
    final Weight[] qkv;            // {wq (q_dim, dim), wk (kv_dim, dim), wv (kv_dim, dim)}
    final Weight[] wo;             // {wo (dim, q_dim)}
    final Weight[] gateUp;         // {w_gate (ffn_dim, dim), w_up (ffn_dim, dim)}
    final Weight[] down;           // {w_down (dim, ffn_dim)}

    Layer(Weight[] byRole) {
        this.byRole = byRole;
        this.qkv = new Weight[] {get(LayerTensor.ATTN_Q), get(LayerTensor.ATTN_K), get(LayerTensor.ATTN_V)};
        this.wo = new Weight[] {get(LayerTensor.ATTN_OUTPUT)};
        this.gateUp = new Weight[] {get(LayerTensor.FFN_GATE), get(LayerTensor.FFN_UP)};
        this.down = new Weight[] {get(LayerTensor.FFN_DOWN)};
    }

    /** The weight in {@code role}; {@code null} when the architecture has none. */
    public Weight get(LayerTensor role) {
        return byRole[role.ordinal()];
    }
}
