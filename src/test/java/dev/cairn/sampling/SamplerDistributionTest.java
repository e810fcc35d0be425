package dev.cairn.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Checks that seeded draws follow softmax(logits / T) renormalised over the tokens each filter keeps.
 * With 20,000 draws the standard error of a frequency is at most 0.0035, so 0.02 is a wide margin.
 */
class SamplerDistributionTest {

    private static final float[] LOGITS = {1.0f, 2.0f, 0.5f, 3.0f};
    private static final int DRAWS = 20_000;
    private static final double TOLERANCE = 0.02;

    /** softmax(LOGITS / T) over the kept tokens, zero elsewhere. */
    private static double[] expected(double temperature, int... kept) {
        double[] probabilities = new double[LOGITS.length];
        double sum = 0;
        for (int token : kept) {
            probabilities[token] = Math.exp(LOGITS[token] / temperature);
            sum += probabilities[token];
        }
        for (int token : kept) {
            probabilities[token] /= sum;
        }
        return probabilities;
    }

    private static void assertFrequencies(double[] expected, SamplingParams params) {
        Sampler sampler = new Sampler(params, LOGITS.length);
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < DRAWS; i++) {
            counts[sampler.sample(LOGITS)]++;
        }
        for (int token = 0; token < LOGITS.length; token++) {
            if (expected[token] == 0) {
                assertEquals(0, counts[token], "token " + token + " was filtered out but sampled");
            } else {
                assertEquals(expected[token], counts[token] / (double) DRAWS, TOLERANCE, "token " + token);
            }
        }
    }

    private static SamplingParams unfiltered(double temperature) {
        return SamplingParams.greedy().withTemperature(temperature).withSeed(2024);
    }

    @Test
    void followsTheTemperedSoftmax() {
        for (double temperature : new double[] {0.5, 1.0, 2.0}) {
            assertFrequencies(expected(temperature, 0, 1, 2, 3), unfiltered(temperature));
        }
    }

    @Test
    void topKRenormalisesOverTheKTokens() {
        assertFrequencies(expected(1.5, 3, 1), unfiltered(1.5).withTopK(2));
        assertFrequencies(expected(1.5, 3, 1, 0), unfiltered(1.5).withTopK(3));
    }

    @Test
    void topPChoosesTheSetAtTemperatureOneAsLlamaCppDoes() {
        // At T = 1 the probabilities are 0.085, 0.232, 0.052, 0.631: tokens 3 and 1 reach 0.863 >= 0.8.
        // At T = 2 they would only reach 0.71, so keeping exactly two shows top-p runs before temperature.
        assertFrequencies(expected(2.0, 3, 1), unfiltered(2.0).withTopP(0.8));
        assertFrequencies(expected(2.0, 3, 1, 0), unfiltered(2.0).withTopP(0.9));
    }

    @Test
    void minPKeepsTokensAboveAFractionOfTheBest() {
        // Threshold 0.1 * 0.631 = 0.063 keeps tokens 3, 1 and 0 (0.085) and drops token 2 (0.052).
        assertFrequencies(expected(1.5, 3, 1, 0), unfiltered(1.5).withMinP(0.1));
    }

    @Test
    void filtersCombineInOrder() {
        // top-k 3 keeps {3, 1, 0}; top-p 0.8 over those (0.665, 0.245, 0.090) keeps {3, 1}.
        assertFrequencies(expected(0.7, 3, 1), unfiltered(0.7).withTopK(3).withTopP(0.8).withMinP(0.05));
    }
}
