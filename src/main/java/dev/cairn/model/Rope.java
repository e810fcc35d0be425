package dev.cairn.model;

import dev.cairn.backend.Rotary;

/** A model's rotary position embedding, from its config and optional per-frequency factors. */
final class Rope {

    private Rope() {
    }

    /**
     * {@code base^(-2i/rope_dim)} for each rotated pair, divided by Llama 3.1's per-frequency factors when
     * the model has them; positions scaled linearly by the config's rope scale. Kept in double: angles at
     * long positions lose precision in float.
     */
    static Rotary of(ModelConfig config, float[] freqFactors) {
        int pairs = config.ropeDim() / 2;
        if (freqFactors != null && freqFactors.length != pairs) {
            throw new IllegalArgumentException("rope_freqs has " + freqFactors.length + " factors, expected " + pairs);
        }
        double[] inv = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            inv[i] = Math.pow(config.ropeBase(), -2.0 * i / config.ropeDim());
            if (freqFactors != null) {
                inv[i] /= freqFactors[i];
            }
        }
        return new Rotary(inv, config.ropeScale(), config.architecture().ropeType());
    }
}
