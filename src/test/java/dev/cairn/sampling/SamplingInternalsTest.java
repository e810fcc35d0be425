package dev.cairn.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The package-private building blocks of {@link Sampler}. */
class SamplingInternalsTest {

    @Test
    void candidateKeyRoundTripsLogitAndId() {
        float[] logits = {0f, -0f, 1f, -1f, 3.5e-40f, -3.5e-40f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 12.25f, -1234.5f};
        int[] ids = {0, 1, 7, 151_935, Integer.MAX_VALUE};
        for (float logit : logits) {
            for (int id : ids) {
                long key = CandidateKey.encode(logit, id);
                assertEquals(Float.floatToRawIntBits(logit), Float.floatToRawIntBits(CandidateKey.logit(key)));
                assertEquals(id, CandidateKey.tokenId(key));
            }
        }
    }

    @Test
    void candidateKeysSortByLogitDescendingThenIdAscending() {
        long[] keys = {
            CandidateKey.encode(-2f, 0),
            CandidateKey.encode(5f, 9),
            CandidateKey.encode(0.5f, 3),
            CandidateKey.encode(5f, 2),
            CandidateKey.encode(-0.25f, 1),
            CandidateKey.encode(Float.NEGATIVE_INFINITY, 4),
        };
        Arrays.sort(keys);
        int[] order = Arrays.stream(keys).mapToInt(CandidateKey::tokenId).toArray();
        assertArrayEquals(new int[] {2, 9, 3, 1, 0, 4}, order);
    }

    @Test
    void smallestKeysMatchesAFullSort() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            int size = 1 + random.nextInt(500);
            int k = 1 + random.nextInt(size);
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                // A narrow range forces duplicates, which the heap must handle.
                keys[i] = random.nextLong(-50, 50);
            }
            long[] expected = keys.clone();
            Arrays.sort(expected);
            SmallestKeys.selectSorted(keys, size, k);
            assertArrayEquals(Arrays.copyOf(expected, k), Arrays.copyOf(keys, k), "size " + size + ", k " + k);
        }
    }

    @Test
    void topKKeepsTheHighestLogitsWithTiesToLowIds() {
        Candidates candidates = new Candidates(6);
        candidates.load(new float[] {1f, 4f, 4f, 0f, 4f, 2f});
        candidates.keepTopK(2);
        assertEquals(2, candidates.size());
        assertEquals(1, candidates.tokenId(0));
        assertEquals(2, candidates.tokenId(1));
    }

    @Test
    void topPKeepsAtLeastOneCandidate() {
        Candidates candidates = new Candidates(3);
        candidates.load(new float[] {0f, 0f, 0f});
        candidates.keepTopP(Double.MIN_VALUE);
        assertEquals(1, candidates.size());
        assertEquals(0, candidates.tokenId(0));
    }

    @Test
    void minPKeepsTiesWithTheBest() {
        Candidates candidates = new Candidates(4);
        candidates.load(new float[] {2f, 1f, 2f, -1f});
        candidates.keepMinP(1.0);
        assertEquals(2, candidates.size());
        assertTrue(candidates.tokenId(0) == 0 && candidates.tokenId(1) == 2);
    }

    @Test
    void softmaxSumsToOne() {
        Candidates candidates = new Candidates(5);
        candidates.load(new float[] {3f, -1f, 0.5f, 10f, 2f});
        candidates.softmax(0.7);
        double sum = 0;
        for (int i = 0; i < candidates.size(); i++) {
            sum += candidates.probability(i);
        }
        assertEquals(1.0, sum, 1e-12);
    }
}
