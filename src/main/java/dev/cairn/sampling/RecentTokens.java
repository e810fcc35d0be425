package dev.cairn.sampling;

import java.util.Arrays;

/**
 * The last N accepted tokens, kept in a ring buffer for the repetition penalty. Nothing is allocated
 * per token.
 */
final class RecentTokens {

    private final int[] ring;
    /**
     * Per vocabulary id, the penalty pass that last touched it. Comparing against the current pass
     * number applies the penalty once per distinct token without clearing a "seen" array every step.
     */
    private final int[] penalisedInPass;
    private int count;
    private int next;
    private int pass;

    RecentTokens(int capacity, int vocabSize) {
        ring = new int[capacity];
        penalisedInPass = new int[vocabSize];
    }

    void add(int token) {
        if (ring.length == 0) {
            return;
        }
        ring[next] = token;
        next = (next + 1) % ring.length;
        count = Math.min(count + 1, ring.length);
    }

    void clear() {
        count = 0;
        next = 0;
    }

    /**
     * llama.cpp's repetition penalty: every distinct recent token has its logit moved towards "less
     * likely", dividing positive logits and multiplying negative ones (dividing a negative logit would
     * raise it). The token's number of occurrences does not matter.
     */
    void applyRepeatPenalty(float[] logits, double penalty) {
        if (penalty == 1.0 || count == 0) {
            return;
        }
        nextPass();
        for (int i = 0; i < count; i++) {
            int token = ring[i];
            if (penalisedInPass[token] == pass) {
                continue;
            }
            penalisedInPass[token] = pass;
            float logit = logits[token];
            logits[token] = (float) (logit <= 0 ? logit * penalty : logit / penalty);
        }
    }

    private void nextPass() {
        if (pass == Integer.MAX_VALUE) {
            Arrays.fill(penalisedInPass, 0);
            pass = 0;
        }
        pass++;
    }
}
