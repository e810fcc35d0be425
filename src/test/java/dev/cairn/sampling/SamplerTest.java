package dev.cairn.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** Gaussian logits with a spread like a real model's; no two are equal. */
    private static float[] randomLogits(int vocabSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] logits = new float[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            logits[i] = (float) (random.nextGaussian() * 3.0);
        }
        return logits;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] drawSequence(SamplingParams params, float[] logits, int steps) {
        Sampler sampler = new Sampler(params, logits.length);
        int[] tokens = new int[steps];
        for (int i = 0; i < steps; i++) {
            tokens[i] = sampler.sample(logits);
            sampler.accept(tokens[i]);
        }
        return tokens;
    }

    @Test
    void greedyPicksTheArgmax() {
        for (long seed = 0; seed < 20; seed++) {
            float[] logits = randomLogits(1000, seed);
            assertEquals(argmax(logits), new Sampler(SamplingParams.greedy(), 1000).sample(logits));
        }
    }

    @Test
    void greedyBreaksTiesTowardsTheLowestId() {
        Sampler sampler = new Sampler(SamplingParams.greedy(), 6);
        assertEquals(2, sampler.sample(new float[] {0f, 1f, 5f, 3f, 5f, 5f}));
        assertEquals(0, sampler.sample(new float[] {-2f, -2f, -2f, -2f, -2f, -2f}));
    }

    @Test
    void sameSeedGivesTheSameSequence() {
        float[] logits = randomLogits(500, 7);
        SamplingParams params = SamplingParams.defaults().withTemperature(1.5).withSeed(1234);
        int[] first = drawSequence(params, logits, 100);
        assertArrayEquals(first, drawSequence(params, logits, 100));
        assertTrue(Arrays.stream(first).distinct().count() > 1, "the draws should not be constant");
    }

    @Test
    void differentSeedGivesADifferentSequence() {
        float[] logits = randomLogits(500, 7);
        SamplingParams params = SamplingParams.defaults().withTemperature(1.5);
        assertFalse(Arrays.equals(
                drawSequence(params.withSeed(1), logits, 100),
                drawSequence(params.withSeed(2), logits, 100)));
    }

    @Test
    void resetReplaysTheSameSequence() {
        float[] logits = randomLogits(300, 3);
        Sampler sampler = new Sampler(SamplingParams.defaults().withTemperature(2.0).withRepeatPenalty(1.3), 300);
        int[] first = new int[50];
        for (int i = 0; i < first.length; i++) {
            first[i] = sampler.sample(logits);
            sampler.accept(first[i]);
        }
        sampler.reset();
        for (int expected : first) {
            int token = sampler.sample(logits);
            assertEquals(expected, token);
            sampler.accept(token);
        }
    }

    @Test
    void topKOfOneIsGreedyAtAnyTemperature() {
        for (double temperature : new double[] {0.1, 0.8, 1.0, 5.0, 100.0}) {
            SamplingParams params = SamplingParams.greedy().withTemperature(temperature).withTopK(1);
            for (long seed = 0; seed < 10; seed++) {
                float[] logits = randomLogits(2000, seed);
                Sampler sampler = new Sampler(params.withSeed(seed), logits.length);
                for (int draw = 0; draw < 20; draw++) {
                    assertEquals(argmax(logits), sampler.sample(logits));
                }
            }
        }
    }

    @Test
    void tinyTopPIsGreedy() {
        SamplingParams params = SamplingParams.greedy().withTemperature(3.0).withTopP(1e-6);
        for (long seed = 0; seed < 10; seed++) {
            float[] logits = randomLogits(2000, seed);
            Sampler sampler = new Sampler(params.withSeed(seed), logits.length);
            for (int draw = 0; draw < 20; draw++) {
                assertEquals(argmax(logits), sampler.sample(logits));
            }
        }
    }

    @Test
    void minPOfOneIsGreedy() {
        SamplingParams params = SamplingParams.greedy().withTemperature(3.0).withMinP(1.0);
        for (long seed = 0; seed < 10; seed++) {
            float[] logits = randomLogits(2000, seed);
            Sampler sampler = new Sampler(params.withSeed(seed), logits.length);
            for (int draw = 0; draw < 20; draw++) {
                assertEquals(argmax(logits), sampler.sample(logits));
            }
        }
    }

    @Test
    void repeatPenaltyDividesPositiveLogits() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withRepeatPenalty(2.0), 2);
        float[] logits = {3.0f, 2.0f};
        assertEquals(0, sampler.sample(logits));
        sampler.accept(0);
        assertEquals(1, sampler.sample(logits), "3 / 2 = 1.5 is now below 2");
    }

    @Test
    void repeatPenaltyMultipliesNegativeLogits() {
        // Dividing -1 by 2 would make token 0 more likely (-0.5); llama.cpp multiplies instead (-2).
        Sampler sampler = new Sampler(SamplingParams.greedy().withRepeatPenalty(2.0), 2);
        float[] logits = {-1.0f, -1.5f};
        assertEquals(0, sampler.sample(logits));
        sampler.accept(0);
        assertEquals(1, sampler.sample(logits), "-1 * 2 = -2 is now below -1.5");
    }

    @Test
    void repeatPenaltyAppliesOncePerDistinctToken() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withRepeatPenalty(1.4), 2);
        sampler.accept(0);
        sampler.accept(0);
        sampler.accept(0);
        // Once: 3 / 1.4 = 2.14 > 2. Three times would give 1.09 and flip the choice.
        assertEquals(0, sampler.sample(new float[] {3.0f, 2.0f}));
    }

    @Test
    void repeatPenaltyOnlyLooksAtTheLastNTokens() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withRepeatPenalty(2.0).withRepeatLastN(2), 8);
        float[] logits = {3f, 2f, 0f, 0f, 0f, 0f, 0f, 0f};
        sampler.accept(0);
        assertEquals(1, sampler.sample(logits));
        sampler.accept(5);
        assertEquals(1, sampler.sample(logits));
        sampler.accept(6);
        assertEquals(0, sampler.sample(logits), "token 0 has left the window of 2");
    }

    @Test
    void repeatPenaltyIsOffWithZeroWindow() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withRepeatPenalty(2.0).withRepeatLastN(0), 2);
        sampler.accept(0);
        assertEquals(0, sampler.sample(new float[] {3.0f, 2.0f}));
    }

    @Test
    void repeatPenaltyLowersTheChanceOfARepeatedToken() {
        float[] logits = {1.0f, 1.0f, 1.0f, 1.0f};
        SamplingParams params = SamplingParams.greedy().withTemperature(1.0).withRepeatPenalty(1.5);
        Sampler plain = new Sampler(params, 4);
        Sampler penalised = new Sampler(params, 4);
        penalised.accept(2);
        int draws = 20_000;
        int plainCount = 0;
        int penalisedCount = 0;
        for (int i = 0; i < draws; i++) {
            plainCount += plain.sample(logits) == 2 ? 1 : 0;
            penalisedCount += penalised.sample(logits) == 2 ? 1 : 0;
        }
        // exp(1/1.5) / (exp(1/1.5) + 3e) = 0.178, against 0.25 unpenalised.
        assertEquals(0.25, plainCount / (double) draws, 0.02);
        assertEquals(0.178, penalisedCount / (double) draws, 0.02);
    }

    @Test
    void samplingDoesNotModifyTheCallersLogits() {
        float[] logits = randomLogits(5000, 11);
        logits[17] = Float.NaN;
        logits[18] = NEG_INF;
        float[] copy = logits.clone();
        SamplingParams params = SamplingParams.defaults().withRepeatPenalty(1.3);
        Sampler sampler = new Sampler(params, logits.length);
        for (int i = 0; i < 50; i++) {
            sampler.accept(sampler.sample(logits));
        }
        Sampler greedy = new Sampler(SamplingParams.greedy().withRepeatPenalty(1.3), logits.length);
        greedy.accept(argmax(logits));
        greedy.sample(logits);
        assertArrayEquals(copy, logits);
    }

    @Test
    void negativeInfinityAndNaNAreNeverSampled() {
        float[] logits = {NEG_INF, Float.NaN, 0.5f, NEG_INF, 0.1f, Float.NaN};
        Sampler sampler = new Sampler(SamplingParams.greedy().withTemperature(5.0), logits.length);
        for (int i = 0; i < 5000; i++) {
            int token = sampler.sample(logits);
            assertTrue(token == 2 || token == 4, "sampled masked token " + token);
        }
        assertEquals(2, new Sampler(SamplingParams.greedy(), logits.length).sample(logits));
        assertEquals(2, new Sampler(SamplingParams.defaults(), logits.length).sample(new float[] {
                Float.NaN, NEG_INF, 0f, NEG_INF, NEG_INF, NEG_INF}));
    }

    @Test
    void positiveInfinityTakesAllTheProbability() {
        float[] logits = {0f, Float.POSITIVE_INFINITY, 100f, Float.NaN};
        Sampler sampler = new Sampler(SamplingParams.greedy().withTemperature(10.0), logits.length);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, sampler.sample(logits));
        }
        assertEquals(1, new Sampler(SamplingParams.greedy(), logits.length).sample(logits));
    }

    @Test
    void logitsWithNoUsableValueAreRejected() {
        float[] logits = {NEG_INF, Float.NaN, NEG_INF};
        for (SamplingParams params : new SamplingParams[] {SamplingParams.greedy(), SamplingParams.defaults()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Sampler(params, 3).sample(logits));
            assertEquals("no token has a finite logit (all are NaN or -infinity)", e.getMessage());
        }
    }

    @Test
    void wrongSizesAndIdsAreRejected() {
        Sampler sampler = new Sampler(SamplingParams.defaults(), 4);
        IllegalArgumentException wrongLength =
                assertThrows(IllegalArgumentException.class, () -> sampler.sample(new float[5]));
        assertEquals("expected 4 logits (the vocabulary size), got 5", wrongLength.getMessage());
        IllegalArgumentException badToken = assertThrows(IllegalArgumentException.class, () -> sampler.accept(4));
        assertEquals("token id 4 is outside the vocabulary [0, 4)", badToken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.accept(-1));
        IllegalArgumentException badVocab =
                assertThrows(IllegalArgumentException.class, () -> new Sampler(SamplingParams.defaults(), 0));
        assertEquals("vocabSize must be > 0, got 0", badVocab.getMessage());
    }

    @Test
    void largeVocabularyWithDefaultsStaysWithinTheTopK() {
        int vocabSize = 151_936;
        float[] logits = randomLogits(vocabSize, 99);
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float fortiethLargest = sorted[vocabSize - 40];
        Sampler sampler = new Sampler(SamplingParams.defaults().withTemperature(2.0), vocabSize);
        for (int i = 0; i < 200; i++) {
            int token = sampler.sample(logits);
            assertTrue(logits[token] >= fortiethLargest, "token " + token + " is outside the top 40");
        }
    }
}
