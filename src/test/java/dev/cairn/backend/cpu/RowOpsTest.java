package dev.cairn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cairn.backend.RopeType;
import org.junit.jupiter.api.Test;

/** The CPU's rotary step: which dimensions each layout pairs, and how much of a head it turns. */
class RowOpsTest {

    @Test
    void adjacentPairsAndHalvesRotateDifferentDimensions() {
        float[] cos = {0f, 1f};
        float[] sin = {1f, 0f}; // pair 0 turns by 90 degrees, pair 1 stays
        float[] adjacent = {1, 2, 3, 4};
        RowOps.rotate(adjacent, 0, 1, 4, RopeType.ADJACENT_PAIRS, cos, sin, 2);
        assertArrayEquals(new float[] {-2, 1, 3, 4}, adjacent);
        float[] halves = {1, 2, 3, 4};
        RowOps.rotate(halves, 0, 1, 4, RopeType.HALVES, cos, sin, 2);
        assertArrayEquals(new float[] {-3, 2, 1, 4}, halves);
    }

    @Test
    void onlyTheLeadingRopeDimensionsOfEachHeadRotate() {
        float[] cos = {0f};
        float[] sin = {1f};
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8}; // two heads of 4, rope over the first 2 of each
        RowOps.rotate(x, 0, 2, 4, RopeType.ADJACENT_PAIRS, cos, sin, 1);
        assertArrayEquals(new float[] {-2, 1, 3, 4, -6, 5, 7, 8}, x);
    }
}
