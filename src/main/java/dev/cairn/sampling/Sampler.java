package dev.cairn.sampling;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Chooses the next token from a model's logits, following llama.cpp's default sampler chain:
 * repetition penalty, top-k, top-p, min-p, temperature, then a seeded random draw. With temperature 0
 * the penalty is followed by argmax instead.
 *
 * <p>Usage: call {@link #accept} for every prompt token and every generated token, so the repetition
 * penalty sees the history, and {@link #sample} once per step:
 *
 * <pre>{@code
 * Sampler sampler = new Sampler(params, vocabSize);
 * for (int t : prompt) sampler.accept(t);
 * int token = sampler.sample(logits);
 * sampler.accept(token);
 * }</pre>
 *
 * <p>All working memory is allocated once, sized to the vocabulary. A sampler keeps state (history and
 * random generator) and is not thread-safe; use one per generation stream.
 */
public final class Sampler {

    private final SamplingParams params;
    private final int vocabSize;
    private final float[] workingLogits;
    private final Candidates candidates;
    private final RecentTokens recent;
    private RandomGenerator random;

    public Sampler(SamplingParams params, int vocabSize) {
        this.params = Objects.requireNonNull(params, "params");
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be > 0, got " + vocabSize);
        }
        this.vocabSize = vocabSize;
        this.workingLogits = new float[vocabSize];
        this.candidates = new Candidates(vocabSize);
        this.recent = new RecentTokens(params.repeatLastN(), vocabSize);
        this.random = newRandom();
    }

    public SamplingParams params() {
        return params;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /**
     * Picks the next token. Does not record it; call {@link #accept} with the token that is actually
     * used. The caller's array is never modified.
     *
     * @param logits one logit per vocabulary token; NaN and -infinity mark tokens that must not be chosen
     * @throws IllegalArgumentException if the length is not the vocabulary size or no logit is usable
     */
    public int sample(float[] logits) {
        Objects.requireNonNull(logits, "logits");
        if (logits.length != vocabSize) {
            throw new IllegalArgumentException(
                    "expected " + vocabSize + " logits (the vocabulary size), got " + logits.length);
        }
        System.arraycopy(logits, 0, workingLogits, 0, vocabSize);
        recent.applyRepeatPenalty(workingLogits, params.repeatPenalty());
        if (params.isGreedy()) {
            return argmax(workingLogits);
        }
        candidates.load(workingLogits);
        candidates.keepTopK(params.topK());
        candidates.keepTopP(params.topP());
        candidates.keepMinP(params.minP());
        candidates.softmax(params.temperature());
        return draw();
    }

    /** Records a token in the history the repetition penalty looks at. */
    public void accept(int token) {
        if (token < 0 || token >= vocabSize) {
            throw new IllegalArgumentException("token id " + token + " is outside the vocabulary [0, " + vocabSize + ")");
        }
        recent.add(token);
    }

    /** Forgets the history and reseeds, so the next generation repeats the first one for the same input. */
    public void reset() {
        recent.clear();
        random = newRandom();
    }

    private RandomGenerator newRandom() {
        // SplittableRandom's algorithm is specified, so a seed gives the same tokens on every JDK.
        return new SplittableRandom(params.seed());
    }

    /** Highest logit, ties to the lowest id; NaN never wins. */
    private static int argmax(float[] logits) {
        int best = -1;
        float bestLogit = Float.NEGATIVE_INFINITY;
        for (int id = 0; id < logits.length; id++) {
            if (logits[id] > bestLogit) {
                bestLogit = logits[id];
                best = id;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no token has a finite logit (all are NaN or -infinity)");
        }
        return best;
    }

    /**
     * Inverse-CDF draw over the candidates' probabilities. Exactly one random number is used per step,
     * even when one candidate is left, so the random stream stays aligned with the step count.
     */
    private int draw() {
        double target = random.nextDouble();
        double cumulative = 0;
        int lastPossible = candidates.tokenId(0);
        for (int i = 0; i < candidates.size(); i++) {
            double probability = candidates.probability(i);
            if (probability > 0) {
                lastPossible = candidates.tokenId(i);
            }
            cumulative += probability;
            if (target < cumulative) {
                return candidates.tokenId(i);
            }
        }
        // Rounding can leave the total a hair below 1; the draw then belongs to the last possible token.
        return lastPossible;
    }
}
