package dev.cairn.sampling;

/**
 * Packs a (logit, token id) pair into one {@code long} whose natural order is "logit descending, then
 * token id ascending". Sorting candidates then is a primitive {@code Arrays.sort(long[])}: no boxing, no
 * comparator, and ties resolve to the lowest id, the same rule greedy decoding uses.
 *
 * <p>The high 32 bits hold the logit's bits remapped so that signed-int order equals float order, then
 * inverted for descending order; the low 32 bits hold the (non-negative) token id. NaN is never encoded.
 */
final class CandidateKey {

    private CandidateKey() {
    }

    static long encode(float logit, int tokenId) {
        long descendingLogit = ~orderedBits(logit);
        return (descendingLogit << 32) | (tokenId & 0xFFFF_FFFFL);
    }

    static int tokenId(long key) {
        return (int) key;
    }

    static float logit(long key) {
        int ordered = ~(int) (key >>> 32);
        return Float.intBitsToFloat(orderedBits(ordered));
    }

    /**
     * IEEE floats order like sign-magnitude integers; flipping the magnitude bits of negative values
     * turns that into two's-complement order. The mapping is its own inverse, which {@link #logit} uses.
     */
    private static int orderedBits(float value) {
        return orderedBits(Float.floatToRawIntBits(value));
    }

    private static int orderedBits(int bits) {
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }
}
