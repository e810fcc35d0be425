package dev.cairn.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The horizontal sum every kernel ends a row with, in one fixed order. {@code reduceLanes(ADD)} may add
 * lanes in a different order once the JIT compiles it than while it is interpreted, so the same row could
 * give results an ulp apart depending on when it ran; streaming must reproduce resident logits bit for
 * bit, so kernels sum with this instead: lanes folded in halves (i + n/2, then i + n/4, ...), each step a
 * lane-wise add of the vector and a constant rotation of it, which compiles to a permute and an add.
 */
public final class Lanes {

    private static final VectorShuffle<Float>[] BY_16 = rotations(FloatVector.SPECIES_512);
    private static final VectorShuffle<Float>[] BY_8 = rotations(FloatVector.SPECIES_256);
    private static final VectorShuffle<Float>[] BY_4 = rotations(FloatVector.SPECIES_128);
    private static final VectorShuffle<Float>[] BY_2 = rotations(FloatVector.SPECIES_64);

    private Lanes() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] rotations(VectorSpecies<Float> species) {
        int n = species.length();
        int steps = Integer.numberOfTrailingZeros(n);
        VectorShuffle<Float>[] shuffles = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int by = n >> (s + 1);
            shuffles[s] = VectorShuffle.fromOp(species, i -> (i + by) & (n - 1));
        }
        return shuffles;
    }

    /** The sum of {@code v}'s lanes, the same whether interpreted or compiled. */
    public static float sum(FloatVector v) {
        return switch (v.length()) {
            case 16 -> fold(fold(fold(fold(v, BY_16[0]), BY_16[1]), BY_16[2]), BY_16[3]).lane(0);
            case 8 -> fold(fold(fold(v, BY_8[0]), BY_8[1]), BY_8[2]).lane(0);
            case 4 -> fold(fold(v, BY_4[0]), BY_4[1]).lane(0);
            case 2 -> fold(v, BY_2[0]).lane(0);
            default -> throw new IllegalArgumentException("no fixed-order sum for " + v.length() + " lanes");
        };
    }

    private static FloatVector fold(FloatVector v, VectorShuffle<Float> rotation) {
        return v.add(v.rearrange(rotation));
    }
}
