package dev.cairn.app.chat;

import dev.cairn.sampling.SamplingParams;

/** Named sampling settings a chat starts from; the fields can be changed after picking one. */
public enum SamplingPreset {
    GREEDY("Greedy", SamplingParams.greedy()),
    PRECISE("Precise", new SamplingParams(0.3, 20, 0.9, 0.1, 1.05, SamplingParams.DEFAULT_REPEAT_LAST_N, SamplingParams.DEFAULT_SEED)),
    BALANCED("Balanced", SamplingParams.defaults()),
    CREATIVE("Creative", new SamplingParams(1.1, 100, 0.98, 0.02, 1.0, SamplingParams.DEFAULT_REPEAT_LAST_N, SamplingParams.DEFAULT_SEED));

    private final String label;
    private final SamplingParams params;

    SamplingPreset(String label, SamplingParams params) {
        this.label = label;
        this.params = params;
    }

    public SamplingParams params() {
        return params;
    }

    @Override
    public String toString() {
        return label;
    }
}
