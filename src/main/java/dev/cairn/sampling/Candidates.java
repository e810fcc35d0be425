package dev.cairn.sampling;

import java.util.Arrays;

/**
 * The tokens still in the running for one sampling step, narrowed by successive filters. Arrays are
 * sized to the vocabulary once, so a step allocates nothing.
 *
 * <p>Each candidate is a {@link CandidateKey}; once {@link #sorted} is set, candidate 0 is the most
 * likely one and order is by logit descending, ties by lowest token id.
 */
final class Candidates {

    private final long[] keys;
    private final double[] probabilities;
    private int size;
    private boolean sorted;

    Candidates(int vocabSize) {
        keys = new long[vocabSize];
        probabilities = new double[vocabSize];
    }

    /**
     * Makes every token with a usable logit a candidate. NaN and negative infinity can never be sampled,
     * so they are left out; positive infinity is clamped to the largest float so that softmax stays
     * finite and gives all the mass to those tokens.
     *
     * @throws IllegalArgumentException if no logit is usable
     */
    void load(float[] logits) {
        size = 0;
        sorted = false;
        for (int id = 0; id < logits.length; id++) {
            float logit = logits[id];
            if (Float.isNaN(logit) || logit == Float.NEGATIVE_INFINITY) {
                continue;
            }
            keys[size++] = CandidateKey.encode(Math.min(logit, Float.MAX_VALUE), id);
        }
        if (size == 0) {
            throw new IllegalArgumentException("no token has a finite logit (all are NaN or -infinity)");
        }
    }

    int size() {
        return size;
    }

    int tokenId(int index) {
        return CandidateKey.tokenId(keys[index]);
    }

    float logit(int index) {
        return CandidateKey.logit(keys[index]);
    }

    /** Probability of candidate {@code index} as of the last {@link #softmax} call. */
    double probability(int index) {
        return probabilities[index];
    }

    /** Keeps the {@code k} most likely candidates; {@code k <= 0} or {@code k >= size} changes nothing. */
    void keepTopK(int k) {
        if (k <= 0 || k >= size) {
            return;
        }
        SmallestKeys.selectSorted(keys, size, k);
        size = k;
        sorted = true;
    }

    /**
     * Keeps the shortest most-likely-first prefix whose probability (softmax at temperature 1 over the
     * current candidates, as llama.cpp does) reaches {@code p}; at least one candidate always remains.
     */
    void keepTopP(double p) {
        if (p >= 1.0) {
            return;
        }
        sort();
        softmax(1.0);
        double cumulative = 0;
        for (int i = 0; i < size; i++) {
            cumulative += probabilities[i];
            if (cumulative >= p) {
                size = i + 1;
                return;
            }
        }
    }

    /**
     * Keeps candidates whose probability is at least {@code p} times the largest one. Compared in log
     * space, prob_i >= p * prob_max is logit_i >= logit_max + ln p, which needs no softmax. Order is kept.
     */
    void keepMinP(double p) {
        if (p <= 0.0) {
            return;
        }
        double threshold = maxLogit() + Math.log(p);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (logit(i) >= threshold) {
                keys[kept++] = keys[i];
            }
        }
        size = kept;
    }

    /** Fills the probabilities with softmax(logit / temperature) over the current candidates. */
    void softmax(double temperature) {
        // Subtracting the maximum before dividing keeps exp() in range even for clamped infinities.
        double max = maxLogit();
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double weight = Math.exp((logit(i) - max) / temperature);
            probabilities[i] = weight;
            sum += weight;
        }
        for (int i = 0; i < size; i++) {
            probabilities[i] /= sum;
        }
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(keys, 0, size);
            sorted = true;
        }
    }

    private float maxLogit() {
        if (sorted) {
            return logit(0);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logit(i));
        }
        return max;
    }
}
