package dev.cairn.backend;

/**
 * A model's rotary position embedding: pair {@code i} of a head turns by {@code position * positionScale *
 * inverseFrequencies[i]} radians (angles in double: at long positions float loses them), and the leading
 * {@code 2 * inverseFrequencies.length} dimensions of each head rotate, in {@code layout}'s pairing.
 */
public record Rotary(double[] inverseFrequencies, double positionScale, RopeType layout) {

    public Rotary {
        inverseFrequencies = inverseFrequencies.clone();
    }

    /** How many pairs each head rotates. */
    public int pairs() {
        return inverseFrequencies.length;
    }

    /** The angle of pair {@code pair} at {@code position}. */
    public double angle(int position, int pair) {
        return position * positionScale * inverseFrequencies[pair];
    }
}
