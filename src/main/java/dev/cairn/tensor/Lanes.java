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

    // One constant per rotation: only shuffles held in static final fields are JIT constants (array
    // elements are not), and only constant shuffles compile to a permute instead of boxed vectors.
    private static final VectorShuffle<Float> R16_8 = rotation(FloatVector.SPECIES_512, 8);
    private static final VectorShuffle<Float> R16_4 = rotation(FloatVector.SPECIES_512, 4);
    private static final VectorShuffle<Float> R16_2 = rotation(FloatVector.SPECIES_512, 2);
    private static final VectorShuffle<Float> R16_1 = rotation(FloatVector.SPECIES_512, 1);
    private static final VectorShuffle<Float> R8_4 = rotation(FloatVector.SPECIES_256, 4);
    private static final VectorShuffle<Float> R8_2 = rotation(FloatVector.SPECIES_256, 2);
    private static final VectorShuffle<Float> R8_1 = rotation(FloatVector.SPECIES_256, 1);
    private static final VectorShuffle<Float> R4_2 = rotation(FloatVector.SPECIES_128, 2);
    private static final VectorShuffle<Float> R4_1 = rotation(FloatVector.SPECIES_128, 1);
    private static final VectorShuffle<Float> R2_1 = rotation(FloatVector.SPECIES_64, 1);

    private Lanes() {
    }

    private static VectorShuffle<Float> rotation(VectorSpecies<Float> species, int by) {
        int n = species.length();
        return VectorShuffle.fromOp(species, i -> (i + by) & (n - 1));
    }

    /** The sum of {@code v}'s lanes, the same whether interpreted or compiled. */
    public static float sum(FloatVector v) {
        return switch (v.length()) {
            case 16 -> fold(fold(fold(fold(v, R16_8), R16_4), R16_2), R16_1).lane(0);
            case 8 -> fold(fold(fold(v, R8_4), R8_2), R8_1).lane(0);
            case 4 -> fold(fold(v, R4_2), R4_1).lane(0);
            case 2 -> fold(v, R2_1).lane(0);
            default -> throw new IllegalArgumentException("no fixed-order sum for " + v.length() + " lanes");
        };
    }

    /**
     * The sum of {@code lanes[from..from+n)}, {@code n} a power of two, in the order {@link #sum(FloatVector)}
     * adds a vector's lanes; overwrites the range.
     */
    public static float sum(float[] lanes, int from, int n) {
        for (int half = n >> 1; half > 0; half >>= 1) {
            for (int i = 0; i < half; i++) {
                lanes[from + i] += lanes[from + i + half];
            }
        }
        return lanes[from];
    }

    private static FloatVector fold(FloatVector v, VectorShuffle<Float> rotation) {
        return v.add(v.rearrange(rotation));
    }
}
