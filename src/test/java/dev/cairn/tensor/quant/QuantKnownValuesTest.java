package dev.cairn.tensor.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Hand-built blocks whose values follow directly from ggml's block definitions. Scales are powers of two,
 * so every expected value is exact. Each test also checks both dot products against the expected values.
 */
class QuantKnownValuesTest {

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final float[] IQ4 = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    /** Block bytes placed at offset 3 of a larger segment, to catch code that assumes offset 0. */
    private static final int AT = 3;

    private static MemorySegment block(GgmlType type) {
        return MemorySegment.ofArray(new byte[AT + type.typeSize() + 5]);
    }

    private static void half(MemorySegment data, int field, float value) {
        data.set(SHORT_LE, AT + field, Float.floatToFloat16(value));
    }

    private static void bytes(MemorySegment data, int field, int... values) {
        for (int i = 0; i < values.length; i++) {
            data.set(ValueLayout.JAVA_BYTE, AT + field + i, (byte) values[i]);
        }
    }

    private static void fill(MemorySegment data, int field, int count, int value) {
        for (int i = 0; i < count; i++) {
            data.set(ValueLayout.JAVA_BYTE, AT + field + i, (byte) value);
        }
    }

    /** Bytes {@code j | (15 - j) << 4} for j = 0..15: low nibbles count up, high nibbles count down. */
    private static void rampNibbles(MemorySegment data, int field) {
        for (int j = 0; j < 16; j++) {
            bytes(data, field + j, j | (15 - j) << 4);
        }
    }

    private static void check(GgmlType type, MemorySegment data, float[] expected) {
        QuantFormat f = QuantFormats.of(type);
        int n = expected.length;
        float[] actual = new float[n + 2];
        f.dequantize(data, AT, actual, 1, n);
        float[] window = new float[n];
        System.arraycopy(actual, 1, window, 0, n);
        assertArrayEquals(expected, window, 0f, type + " dequantize");
        float[] x = new float[n];
        double dot = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (i % 3) - 1 + i / 64f;
            dot += (double) expected[i] * x[i];
        }
        double tol = 1e-5 * Math.abs(dot) + 1e-3;
        assertEquals(dot, f.scalarDot(data, AT, x, 0, n), tol, type + " scalarDot");
        assertEquals(dot, f.vectorDot(data, AT, x, 0, n), tol, type + " vectorDot");
    }

    @Test
    void q4_0() {
        MemorySegment data = block(GgmlType.Q4_0);
        half(data, 0, 0.5f);
        rampNibbles(data, 2);
        float[] expected = new float[32];
        for (int j = 0; j < 16; j++) {
            expected[j] = (j - 8) * 0.5f;
            expected[j + 16] = (15 - j - 8) * 0.5f;
        }
        check(GgmlType.Q4_0, data, expected);
    }

    @Test
    void q4_1() {
        MemorySegment data = block(GgmlType.Q4_1);
        half(data, 0, 0.5f);
        half(data, 2, -1f);
        rampNibbles(data, 4);
        float[] expected = new float[32];
        for (int j = 0; j < 16; j++) {
            expected[j] = j * 0.5f - 1;
            expected[j + 16] = (15 - j) * 0.5f - 1;
        }
        check(GgmlType.Q4_1, data, expected);
    }

    @Test
    void q5_0() {
        MemorySegment data = block(GgmlType.Q5_0);
        half(data, 0, 0.5f);
        // fifth bits: even elements of the first 16, odd elements of the second 16
        data.set(INT_LE, AT + 2, 0xAAAA5555);
        rampNibbles(data, 6);
        float[] expected = new float[32];
        for (int j = 0; j < 16; j++) {
            expected[j] = (j + (j % 2 == 0 ? 16 : 0) - 16) * 0.5f;
            expected[j + 16] = (15 - j + (j % 2 == 1 ? 16 : 0) - 16) * 0.5f;
        }
        check(GgmlType.Q5_0, data, expected);
    }

    @Test
    void q5_1() {
        MemorySegment data = block(GgmlType.Q5_1);
        half(data, 0, 0.5f);
        half(data, 2, -4f);
        data.set(INT_LE, AT + 4, 0xAAAA5555);
        rampNibbles(data, 8);
        float[] expected = new float[32];
        for (int j = 0; j < 16; j++) {
            expected[j] = (j + (j % 2 == 0 ? 16 : 0)) * 0.5f - 4;
            expected[j + 16] = (15 - j + (j % 2 == 1 ? 16 : 0)) * 0.5f - 4;
        }
        check(GgmlType.Q5_1, data, expected);
    }

    @Test
    void q8_0() {
        MemorySegment data = block(GgmlType.Q8_0);
        half(data, 0, 0.25f);
        float[] expected = new float[32];
        for (int j = 0; j < 32; j++) {
            int q = j == 0 ? -128 : j == 31 ? 127 : j - 16;
            bytes(data, 2 + j, q);
            expected[j] = q * 0.25f;
        }
        check(GgmlType.Q8_0, data, expected);
    }

    @Test
    void iq4_nl() {
        MemorySegment data = block(GgmlType.IQ4_NL);
        half(data, 0, 0.5f);
        rampNibbles(data, 2);
        float[] expected = new float[32];
        for (int j = 0; j < 16; j++) {
            expected[j] = 0.5f * IQ4[j];
            expected[j + 16] = 0.5f * IQ4[15 - j];
        }
        check(GgmlType.IQ4_NL, data, expected);
    }

    @Test
    void iq4_xs() {
        MemorySegment data = block(GgmlType.IQ4_XS);
        half(data, 0, 0.5f);
        // 6-bit scales 3, 11, 19, ..., 59: low nibbles 3 and 11 alternate, top bits are 0, 0, 1, 1, 2, 2, 3, 3
        data.set(SHORT_LE, AT + 2, (short) 0xFA50);
        fill(data, 4, 4, 0xB3);
        for (int s = 0; s < 8; s++) {
            rampNibbles(data, 8 + 16 * s);
        }
        float[] expected = new float[256];
        for (int s = 0; s < 8; s++) {
            float dl = 0.5f * (8 * s + 3 - 32);
            for (int j = 0; j < 16; j++) {
                expected[32 * s + j] = dl * IQ4[j];
                expected[32 * s + 16 + j] = dl * IQ4[15 - j];
            }
        }
        check(GgmlType.IQ4_XS, data, expected);
    }

    @Test
    void q2_k() {
        MemorySegment data = block(GgmlType.Q2_K);
        for (int s = 0; s < 16; s++) {
            bytes(data, s, s | (15 - s) << 4);
        }
        // every quant byte holds 0, 1, 2, 3 in its bit pairs 0, 2, 4, 6
        fill(data, 16, 64, 0b11_10_01_00);
        half(data, 80, 0.5f);
        half(data, 82, 0.25f);
        float[] expected = new float[256];
        for (int e = 0; e < 256; e++) {
            int s = e / 16;
            int q = e % 128 / 32;
            expected[e] = 0.5f * s * q - 0.25f * (15 - s);
        }
        check(GgmlType.Q2_K, data, expected);
    }

    @Test
    void q3_k() {
        MemorySegment data = block(GgmlType.Q3_K);
        // high bits: even l has bits 4..7 set (second half), odd l bits 0..3 (first half)
        for (int l = 0; l < 32; l++) {
            bytes(data, l, l % 2 == 0 ? 0xF0 : 0x0F);
        }
        fill(data, 32, 64, 0b11_10_01_00);
        // 6-bit scales 24..39 (biased by 32, so -8..7): low nibbles 8..15 then 0..7, top bits 1 then 2
        bytes(data, 96, 0x08, 0x19, 0x2A, 0x3B, 0x4C, 0x5D, 0x6E, 0x7F, 0xA5, 0xA5, 0xA5, 0xA5);
        half(data, 108, 0.5f);
        float[] expected = new float[256];
        for (int e = 0; e < 256; e++) {
            int h = e / 128;
            int l = e % 32;
            boolean highSet = (l % 2 == 0) == (h == 1);
            int q = e % 128 / 32 - (highSet ? 0 : 4);
            expected[e] = 0.5f * (e / 16 - 8) * q;
        }
        check(GgmlType.Q3_K, data, expected);
    }

    /** Scales 1, 2, 3, 4, 17, 33, 50, 63 and mins 0, 5, 10, 15, 16, 31, 47, 62, packed by hand. */
    private static final int[] K_SCALE_BYTES = {0x41, 0x82, 0xC3, 0xC4, 0x40, 0x45, 0x8A, 0xCF, 0x01, 0xF1, 0xF2, 0xEF};
    private static final int[] K_SCALES = {1, 2, 3, 4, 17, 33, 50, 63};
    private static final int[] K_MINS = {0, 5, 10, 15, 16, 31, 47, 62};

    @Test
    void q4_k() {
        MemorySegment data = block(GgmlType.Q4_K);
        half(data, 0, 0.5f);
        half(data, 2, 0.25f);
        bytes(data, 4, K_SCALE_BYTES);
        for (int g = 0; g < 4; g++) {
            rampNibbles(data, 16 + 32 * g);
            rampNibbles(data, 16 + 32 * g + 16);
        }
        float[] expected = new float[256];
        for (int e = 0; e < 256; e++) {
            int s = e / 32;
            int l = e % 16;
            int q = s % 2 == 0 ? l : 15 - l;
            expected[e] = 0.5f * K_SCALES[s] * q - 0.25f * K_MINS[s];
        }
        check(GgmlType.Q4_K, data, expected);
    }

    @Test
    void q5_k() {
        MemorySegment data = block(GgmlType.Q5_K);
        half(data, 0, 0.5f);
        half(data, 2, 0.25f);
        bytes(data, 4, K_SCALE_BYTES);
        // fifth bits: even l for the low-nibble sub-blocks, odd l for the high-nibble ones
        for (int l = 0; l < 32; l++) {
            bytes(data, 16 + l, l % 2 == 0 ? 0x55 : 0xAA);
        }
        for (int g = 0; g < 4; g++) {
            rampNibbles(data, 48 + 32 * g);
            rampNibbles(data, 48 + 32 * g + 16);
        }
        float[] expected = new float[256];
        for (int e = 0; e < 256; e++) {
            int s = e / 32;
            int l = e % 32;
            int q = (s % 2 == 0 ? l % 16 : 15 - l % 16) + (l % 2 == s % 2 ? 16 : 0);
            expected[e] = 0.5f * K_SCALES[s] * q - 0.25f * K_MINS[s];
        }
        check(GgmlType.Q5_K, data, expected);
    }

    @Test
    void q6_k() {
        MemorySegment data = block(GgmlType.Q6_K);
        // first half: ql nibbles 1, 2 and 3, 4 with qh pairs 0, 1, 2, 3 give quants 1, 19, 34, 52
        fill(data, 0, 32, 0x21);
        fill(data, 32, 32, 0x43);
        fill(data, 128, 32, 0b11_10_01_00);
        // second half: ql nibbles 5, 6 and 7, 8 with qh pairs 3, 2, 1, 0 give quants 53, 39, 22, 8
        fill(data, 64, 32, 0x65);
        fill(data, 96, 32, 0x87);
        fill(data, 160, 32, 0b00_01_10_11);
        int[] scales = new int[16];
        for (int s = 0; s < 16; s++) {
            scales[s] = (s % 2 == 0 ? 1 : -1) * (s / 2 + 1);
            bytes(data, 192 + s, scales[s]);
        }
        half(data, 208, 0.5f);
        int[][] quants = {{1 - 32, 19 - 32, 34 - 32, 52 - 32}, {53 - 32, 39 - 32, 22 - 32, 8 - 32}};
        float[] expected = new float[256];
        for (int e = 0; e < 256; e++) {
            expected[e] = 0.5f * scales[e / 16] * quants[e / 128][e % 128 / 32];
        }
        check(GgmlType.Q6_K, data, expected);
    }

    @Test
    void f16AndBf16() {
        MemorySegment data = MemorySegment.ofArray(new byte[AT + 16]);
        int[] halves = {0x3C00, 0xC000, 0x0001, 0x7BFF};
        for (int i = 0; i < halves.length; i++) {
            data.set(SHORT_LE, AT + 2 * i, (short) halves[i]);
        }
        check(GgmlType.F16, data, new float[] {1f, -2f, 0x1p-24f, 65504f});
        int[] bf = {0x3F80, 0xC040, 0x0001, 0x4780};
        for (int i = 0; i < bf.length; i++) {
            data.set(SHORT_LE, AT + 2 * i, (short) bf[i]);
        }
        check(GgmlType.BF16, data, new float[] {1f, -3f, Float.intBitsToFloat(0x10000), 65536f});
    }

    @Test
    void f16InfinitiesSurviveTheVectorConversion() {
        QuantFormat f16 = QuantFormats.of(GgmlType.F16);
        MemorySegment data = MemorySegment.ofArray(new byte[32]);
        data.set(SHORT_LE, 2, (short) 0x3C00);
        float[] x = new float[16];
        x[0] = 1;
        x[1] = 1;
        for (short inf : new short[] {(short) 0x7C00, (short) 0xFC00}) {
            data.set(SHORT_LE, 0, inf);
            float expected = Float.float16ToFloat(inf);
            assertEquals(expected, f16.scalarDot(data, 0, x, 0, 16));
            assertEquals(expected, f16.vectorDot(data, 0, x, 0, 16));
        }
    }
}
