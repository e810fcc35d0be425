package dev.cairn.tensor.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian field access and the bit packings shared by several formats. */
final class QuantSupport {

    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The 16 levels of IQ4_NL and IQ4_XS (ggml's kvalues_iq4nl), ascending. */
    static final byte[] IQ4_LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private QuantSupport() {
    }

    static float half(MemorySegment data, long at) {
        return Float.float16ToFloat(data.get(SHORT_LE, at));
    }

    static void putHalf(MemorySegment data, long at, float value) {
        data.set(SHORT_LE, at, Float.floatToFloat16(value));
    }

    static int u8(MemorySegment data, long at) {
        return data.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    static void putU8(MemorySegment data, long at, int value) {
        data.set(ValueLayout.JAVA_BYTE, at, (byte) value);
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Round half to even, like ggml's nearest_int. */
    static int nearestInt(float v) {
        return (int) Math.rint(v);
    }

    /** Largest-magnitude value of {@code x[off..off+len)}, with its sign (0 if all are 0). */
    static float signedMax(float[] x, int off, int len) {
        float max = 0f;
        float amax = 0f;
        for (int i = off; i < off + len; i++) {
            float ax = Math.abs(x[i]);
            if (ax > amax) {
                amax = ax;
                max = x[i];
            }
        }
        return max;
    }

    /**
     * Scale {@code j} (0..7) of the 12-byte Q4_K/Q5_K scale block (ggml's get_scale_min_k4): scales 0..3
     * sit in the low 6 bits of bytes 0..3; scales 4..7 keep their low 4 bits in the low nibbles of bytes
     * 8..11 and their top 2 bits in the top bits of bytes 0..3.
     */
    static int kScale(MemorySegment data, long scales, int j) {
        if (j < 4) {
            return u8(data, scales + j) & 63;
        }
        return (u8(data, scales + j + 4) & 0xF) | ((u8(data, scales + j - 4) >>> 6) << 4);
    }

    /** Min {@code j} of the same block: as {@link #kScale} with bytes 4..7 and the high nibbles of 8..11. */
    static int kMin(MemorySegment data, long scales, int j) {
        if (j < 4) {
            return u8(data, scales + j + 4) & 63;
        }
        return (u8(data, scales + j + 4) >>> 4) | ((u8(data, scales + j) >>> 6) << 4);
    }

    /**
     * {@link #kScale} from the scale block already read as {@code lo} (bytes 0..7) and {@code hi} (bytes
     * 8..11), so that a kernel reads the 12 bytes with two loads rather than two byte reads per scale.
     */
    static int kScale(long lo, int hi, int j) {
        if (j < 4) {
            return (int) (lo >>> 8 * j) & 63;
        }
        return (hi >>> 8 * (j - 4)) & 0xF | ((int) (lo >>> 8 * (j - 4)) & 0xFF) >>> 6 << 4;
    }

    /** {@link #kMin} from the scale block read as in {@link #kScale(long, int, int)}. */
    static int kMin(long lo, int hi, int j) {
        if (j < 4) {
            return (int) (lo >>> 8 * (j + 4)) & 63;
        }
        return ((hi >>> 8 * (j - 4)) & 0xFF) >>> 4 | ((int) (lo >>> 8 * j) & 0xFF) >>> 6 << 4;
    }

    private static final int LOW_SIX_BITS = 0x3f3f3f3f;
    private static final int LOW_NIBBLES = 0x0f0f0f0f;
    private static final int LOW_TWO_BITS = 0x03030303;

    /**
     * The eight 6-bit scales of a K-quant scale block read as in {@link #kScale(long, int, int)}, one per
     * byte of the result (scale {@code j} in byte {@code j}): all eight with a few word operations.
     */
    static long kScales(long lo, int hi) {
        int first = (int) lo;
        int high = (hi & LOW_NIBBLES) | ((first >>> 6) & LOW_TWO_BITS) << 4;
        return (first & LOW_SIX_BITS) & 0xFFFFFFFFL | (long) high << 32;
    }

    /** The eight mins, one per byte, as {@link #kScales} does for the scales. */
    static long kMins(long lo, int hi) {
        int second = (int) (lo >>> 32);
        int high = ((hi >>> 4) & LOW_NIBBLES) | ((second >>> 6) & LOW_TWO_BITS) << 4;
        return (second & LOW_SIX_BITS) & 0xFFFFFFFFL | (long) high << 32;
    }

    /** Byte {@code j} of {@code bytes}, unsigned. */
    static int byteAt(long bytes, int j) {
        return (int) (bytes >>> 8 * j) & 0xFF;
    }

    /** Packs eight 6-bit scales and mins the way {@link #kScale} and {@link #kMin} read them. */
    static void putKScales(MemorySegment data, long scales, int[] sc, int[] mins) {
        for (int j = 0; j < 4; j++) {
            putU8(data, scales + j, sc[j] | (sc[j + 4] >>> 4) << 6);
            putU8(data, scales + j + 4, mins[j] | (mins[j + 4] >>> 4) << 6);
            putU8(data, scales + j + 8, (sc[j + 4] & 0xF) | (mins[j + 4] & 0xF) << 4);
        }
    }

    /** Index of the IQ4 level nearest to {@code v}. */
    static int nearestIq4(float v) {
        int best = 0;
        float bestErr = Math.abs(v - IQ4_LEVELS[0]);
        for (int i = 1; i < IQ4_LEVELS.length; i++) {
            float err = Math.abs(v - IQ4_LEVELS[i]);
            if (err < bestErr) {
                best = i;
                bestErr = err;
            }
        }
        return best;
    }
}
