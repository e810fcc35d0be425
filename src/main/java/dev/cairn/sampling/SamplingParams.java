package dev.cairn.sampling;

/**
 * How the next token is chosen from the model's logits. Each filter has a neutral value that switches
 * it off, so one record describes every combination the {@link Sampler} supports.
 *
 * @param temperature   divides the logits before the final softmax; {@code 0} means greedy (argmax)
 * @param topK          keep only the {@code topK} most likely tokens; {@code 0} switches it off
 * @param topP          keep the smallest set of most likely tokens whose probability reaches {@code topP};
 *                      {@code 1.0} switches it off
 * @param minP          keep tokens at least {@code minP} times as likely as the most likely one;
 *                      {@code 0} switches it off
 * @param repeatPenalty penalty for tokens seen in the last {@code repeatLastN} tokens; {@code 1.0}
 *                      switches it off
 * @param repeatLastN   how many recent tokens the repetition penalty looks at; {@code 0} switches it off
 * @param seed          seed of the random generator, so a run can be reproduced exactly
 */
public record SamplingParams(
        double temperature,
        int topK,
        double topP,
        double minP,
        double repeatPenalty,
        int repeatLastN,
        long seed) {

    public static final int DEFAULT_REPEAT_LAST_N = 64;

    /**
     * Seed of the factory methods. A fixed value keeps runs reproducible by default; callers wanting
     * fresh randomness each run pass their own seed with {@link #withSeed(long)}.
     */
    public static final long DEFAULT_SEED = 42L;

    public SamplingParams {
        check(temperature >= 0 && temperature < Double.POSITIVE_INFINITY, "temperature",
                "must be a finite number >= 0 (0 means greedy)", temperature);
        check(topK >= 0, "topK", "must be >= 0 (0 means off)", topK);
        check(topP > 0 && topP <= 1, "topP", "must be in (0, 1] (1 means off)", topP);
        check(minP >= 0 && minP <= 1, "minP", "must be in [0, 1] (0 means off)", minP);
        check(repeatPenalty > 0 && repeatPenalty < Double.POSITIVE_INFINITY, "repeatPenalty",
                "must be a finite number > 0 (1 means off)", repeatPenalty);
        check(repeatLastN >= 0, "repeatLastN", "must be >= 0 (0 means off)", repeatLastN);
    }

    /** A parameter out of its range: which one (a component name of this record) and what it must be. */
    public static final class OutOfRangeException extends IllegalArgumentException {

        private final String parameter;
        private final String rule;

        OutOfRangeException(String parameter, String rule) {
            super(parameter + " " + rule);
            this.parameter = parameter;
            this.rule = rule;
        }

        /** The record component, e.g. {@code topP}. */
        public String parameter() {
            return parameter;
        }

        /** What it must be and what it was, e.g. {@code must be in (0, 1] (1 means off), got 3.0}. */
        public String rule() {
            return rule;
        }
    }

    private static void check(boolean valid, String parameter, String rule, Object value) {
        if (!valid) {
            throw new OutOfRangeException(parameter, rule + ", got " + value);
        }
    }

    /** Always picks the most likely token; every filter is off. */
    public static SamplingParams greedy() {
        return new SamplingParams(0.0, 0, 1.0, 0.0, 1.0, DEFAULT_REPEAT_LAST_N, DEFAULT_SEED);
    }

    /**
     * llama.cpp's defaults (common_params_sampling): temperature 0.8, top-k 40, top-p 0.95, min-p 0.05,
     * no repetition penalty over a window of 64 tokens. Matching them makes output quality comparable.
     */
    public static SamplingParams defaults() {
        return new SamplingParams(0.8, 40, 0.95, 0.05, 1.0, DEFAULT_REPEAT_LAST_N, DEFAULT_SEED);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public SamplingParams withTemperature(double temperature) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, seed);
    }

    public SamplingParams withTopK(int topK) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, seed);
    }

    public SamplingParams withTopP(double topP) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, seed);
    }

    public SamplingParams withMinP(double minP) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, seed);
    }

    public SamplingParams withRepeatPenalty(double repeatPenalty) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, seed);
    }

    public SamplingParams withRepeatLastN(int repeatLastN) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, seed);
    }

    public SamplingParams withSeed(long seed) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, seed);
    }
}
