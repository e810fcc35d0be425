package dev.cairn.tensor.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Properties every format must have, checked against each other and against plain float math. */
class QuantFormatTest {

    /** The width under test: the build runs these tests once per width ({@code -Dcairn.vector.bits}). */
    private static final int BITS = Kernels.species().vectorBitSize();

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Byte offsets of the f16 scale fields inside one block, per block format. */
    private static final Map<GgmlType, int[]> HALF_FIELDS = Map.ofEntries(
            Map.entry(GgmlType.Q4_0, new int[] {0}),
            Map.entry(GgmlType.Q4_1, new int[] {0, 2}),
            Map.entry(GgmlType.Q5_0, new int[] {0}),
            Map.entry(GgmlType.Q5_1, new int[] {0, 2}),
            Map.entry(GgmlType.Q8_0, new int[] {0}),
            Map.entry(GgmlType.Q2_K, new int[] {80, 82}),
            Map.entry(GgmlType.Q3_K, new int[] {108}),
            Map.entry(GgmlType.Q4_K, new int[] {0, 2}),
            Map.entry(GgmlType.Q5_K, new int[] {0, 2}),
            Map.entry(GgmlType.Q6_K, new int[] {208}),
            Map.entry(GgmlType.IQ4_NL, new int[] {0}),
            Map.entry(GgmlType.IQ4_XS, new int[] {0}));

    /**
     * Bounds on the round-trip error RMS(dequantize(quantize(x)) - x) / RMS(x) for a Gaussian row of 4096:
     * about 1.25 times what these round-to-nearest quantizers reach (in line with ggml's reference
     * quantizers), so a worse quantizer or a packing bug fails. F32 is exact; F16 and BF16 are bounded by
     * their per-element relative rounding error, 2^-11 and 2^-8.
     */
    private static final Map<GgmlType, Double> ROUND_TRIP_RMSE = Map.ofEntries(
            Map.entry(GgmlType.F32, 0.0),
            Map.entry(GgmlType.F16, 0x1p-11),
            Map.entry(GgmlType.BF16, 0x1p-8),
            Map.entry(GgmlType.Q8_0, 0.0066),
            Map.entry(GgmlType.Q6_K, 0.021),
            Map.entry(GgmlType.Q5_0, 0.052),
            Map.entry(GgmlType.Q5_1, 0.047),
            Map.entry(GgmlType.Q5_K, 0.044),
            Map.entry(GgmlType.Q4_0, 0.105),
            Map.entry(GgmlType.Q4_1, 0.097),
            Map.entry(GgmlType.Q4_K, 0.087),
            Map.entry(GgmlType.IQ4_NL, 0.092),
            Map.entry(GgmlType.IQ4_XS, 0.093),
            Map.entry(GgmlType.Q3_K, 0.177),
            Map.entry(GgmlType.Q2_K, 0.33));

    private final Random random = new Random(42);

    private static QuantFormat format(GgmlType type) {
        return QuantFormats.of(type);
    }

    private static boolean elementwise(GgmlType type) {
        return type.blockSize() == 1;
    }

    /** Row lengths to test: 1, 2, 3 and 8 blocks, or odd lengths that leave vector tails for F32/F16/BF16. */
    private static int[] lengths(GgmlType type) {
        if (elementwise(type)) {
            return new int[] {1, 7, 33, 257, 1000};
        }
        int b = type.blockSize();
        return new int[] {b, 2 * b, 3 * b, 8 * b};
    }

    private float[] gaussian(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** A row of random bytes whose float fields are overwritten with finite values, so any layout bug shows. */
    private MemorySegment randomRow(Arena arena, GgmlType type, long offset, int n) {
        MemorySegment data = arena.allocate(offset + type.bytesFor(n) + 7);
        for (long i = 0; i < data.byteSize(); i++) {
            data.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
        }
        switch (type) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    data.set(FLOAT_LE, offset + 4L * i, (float) random.nextGaussian());
                }
            }
            case F16, BF16 -> format(type).quantize(gaussian(n), 0, data, offset, n);
            default -> {
                for (long block = offset; block < offset + type.bytesFor(n); block += type.typeSize()) {
                    for (int field : HALF_FIELDS.get(type)) {
                        float v = (random.nextBoolean() ? 1 : -1) * (0.001f + 2 * random.nextFloat());
                        data.set(SHORT_LE, block + field, Float.floatToFloat16(v));
                    }
                }
            }
        }
        return data;
    }

    private MemorySegment quantizedRow(Arena arena, GgmlType type, long offset, float[] values) {
        MemorySegment data = arena.allocate(offset + type.bytesFor(values.length) + 7);
        format(type).quantize(values, 0, data, offset, values.length);
        return data;
    }

    private static float[] dequantize(GgmlType type, MemorySegment data, long offset, int n) {
        float[] w = new float[n];
        format(type).dequantize(data, offset, w, 0, n);
        return w;
    }

    /** Tolerance for sums of the same products in different orders. */
    private static double tolerance(float[] w, float[] x, int xOff) {
        double magnitude = 0;
        for (int i = 0; i < w.length; i++) {
            magnitude += Math.abs((double) w[i] * x[xOff + i]);
        }
        return 1e-4 * magnitude + 1e-6;
    }

    private static double reference(float[] w, float[] x, int xOff) {
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += (double) w[i] * x[xOff + i];
        }
        return sum;
    }

    private void checkAllKernels(GgmlType type, MemorySegment data, long offset, int n, String what) {
        QuantFormat f = format(type);
        int xOff = 3;
        float[] x = gaussian(n + xOff + 2);
        float[] w = dequantize(type, data, offset, n);
        double expected = reference(w, x, xOff);
        double tol = tolerance(w, x, xOff);
        float scalar = f.scalarDot(data, offset, x, xOff, n);
        assertEquals(expected, scalar, tol, () -> type + " scalarDot, " + what);
        float vector = f.vectorDot(data, offset, x, xOff, n);
        assertEquals(scalar, vector, tol, () -> type + " vectorDot " + BITS + " bits, " + what);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void vectorDotMatchesScalarDotOnQuantizedRows(GgmlType type) {
        try (Arena arena = Arena.ofConfined()) {
            for (int n : lengths(type)) {
                for (long offset : new long[] {0, 1, 13}) {
                    MemorySegment data = quantizedRow(arena, type, offset, gaussian(n));
                    checkAllKernels(type, data, offset, n, "n=" + n + " offset=" + offset);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void allKernelsAgreeOnRandomBytes(GgmlType type) {
        try (Arena arena = Arena.ofConfined()) {
            for (int n : lengths(type)) {
                for (int trial = 0; trial < 5; trial++) {
                    long offset = random.nextInt(20);
                    MemorySegment data = randomRow(arena, type, offset, n);
                    checkAllKernels(type, data, offset, n, "random bytes, n=" + n + " offset=" + offset);
                }
            }
        }
    }

    /**
     * The vector decode must give exactly the scalar floats (the GEMM path relies on it matching the
     * reference bit for bit), write only {@code dst[dstOff..dstOff+n)}, and do so at every length (and width:
     * see {@link #BITS}).
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void vectorDequantizeEqualsDequantize(GgmlType type) {
        QuantFormat f = format(type);
        int dstOff = 5;
        try (Arena arena = Arena.ofConfined()) {
            for (int n : lengths(type)) {
                long offset = random.nextInt(20);
                MemorySegment data = random.nextBoolean() ? randomRow(arena, type, offset, n) : quantizedRow(arena, type, offset, gaussian(n));
                float[] expected = new float[n + dstOff + 3];
                Arrays.fill(expected, -7f);
                f.dequantize(data, offset, expected, dstOff, n);
                float[] actual = new float[expected.length];
                Arrays.fill(actual, -7f);
                f.vectorDequantize(data, offset, actual, dstOff, n);
                assertArrayEquals(expected, actual, type + " vectorDequantize " + BITS + " bits, n=" + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void roundTripStaysWithinBound(GgmlType type) {
        int n = 4096;
        float[] x = gaussian(n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = quantizedRow(arena, type, 5, x);
            float[] y = dequantize(type, data, 5, n);
            double err = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                err += (y[i] - (double) x[i]) * (y[i] - (double) x[i]);
                norm += (double) x[i] * x[i];
            }
            double rmse = Math.sqrt(err / norm);
            double bound = ROUND_TRIP_RMSE.get(type);
            assertTrue(rmse <= bound, () -> type + ": relative RMS error " + rmse + " > " + bound);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void quantizingZerosGivesZeros(GgmlType type) {
        int n = type.blockSize() == 1 ? 3 : 2 * type.blockSize();
        try (Arena arena = Arena.ofConfined()) {
            float[] y = dequantize(type, quantizedRow(arena, type, 0, new float[n]), 0, n);
            for (float v : y) {
                assertEquals(0f, v, 0f, type::toString);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void defaultDotUsesTheVectorKernelAndScalarPathStandsAlone(GgmlType type) {
        assertNotNull(Kernels.species(), "the Vector API is on unless -Dcairn.vector=false");
        int n = lengths(type)[2];
        QuantFormat f = format(type);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = quantizedRow(arena, type, 0, gaussian(n));
            float[] x = gaussian(n);
            // Same kernel, but the JIT's intrinsic and the interpreter may order the final lane sum
            // differently, so allow a few ulps rather than demanding identical bits.
            float vector = f.vectorDot(data, 0, x, 0, n);
            assertEquals(vector, f.dot(data, 0, x, 0, n), 4 * Math.ulp(Math.abs(vector)) + 1e-6f);
            float[] w = dequantize(type, data, 0, n);
            assertEquals(reference(w, x, 0), f.scalarDot(data, 0, x, 0, n), tolerance(w, x, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void matVecOverOddRowCountRowByRowAndSeveralAtOnce(GgmlType type) {
        int rows = 7;
        int cols = lengths(type)[1];
        long rowBytes = type.bytesFor(cols);
        long base = 11;
        QuantFormat f = format(type);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment matrix = arena.allocate(base + rows * rowBytes);
            for (int r = 0; r < rows; r++) {
                f.quantize(gaussian(cols), 0, matrix, base + r * rowBytes, cols);
            }
            float[] x = gaussian(cols);
            float[] sharedSums = QuantFormat.blockSums(x, 0, cols);
            for (int r = 0; r < rows; r++) {
                float[] w = dequantize(type, matrix, base + r * rowBytes, cols);
                float y = f.dot(matrix, base + r * rowBytes, x, 0, cols);
                assertEquals(reference(w, x, 0), y, tolerance(w, x, 0), type + " row " + r);
                float shared = f.dot(matrix, base + r * rowBytes, x, 0, sharedSums, cols);
                assertEquals(reference(w, x, 0), shared, tolerance(w, x, 0), type + " row " + r + " with shared block sums");
            }
            // Rows at once, spaced as a mat-vec spaces them: each as its own dot gives it (the same arithmetic;
            // only the final lane sum may be ordered differently by the JIT).
            int together = f.rowsAtOnce();
            int stride = rows / together;
            for (int r = 0; r < stride; r++) {
                float[] spaced = new float[rows];
                f.dotSpaced(matrix, base + r * rowBytes, stride * rowBytes, x, 0, sharedSums, cols, spaced, r, stride);
                for (int k = 0; k < together; k++) {
                    int row = r + k * stride;
                    float alone = f.dot(matrix, base + row * rowBytes, x, 0, sharedSums, cols);
                    assertEquals(alone, spaced[row], 4 * Math.ulp(Math.abs(alone)) + 1e-6f,
                            type + " row " + row + " taken with " + together + " rows " + stride + " apart");
                }
            }
        }
    }

    @Test
    void blockSumsCoverEach32ElementsFromTheOffsetWithAPartialLastBlock() {
        float[] x = new float[3 + 70];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] sums = QuantFormat.blockSums(x, 3, 70);
        assertEquals(3, sums.length);
        assertEquals(sumOf(x, 3, 35), sums[0]);
        assertEquals(sumOf(x, 35, 67), sums[1]);
        assertEquals(sumOf(x, 67, 73), sums[2]);
    }

    private static float sumOf(float[] x, int from, int to) {
        float s = 0f;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_1", "Q8_K"}, mode = EnumSource.Mode.EXCLUDE)
    void partialBlocksAreRejected(GgmlType type) {
        QuantFormat f = format(type);
        int n = type.blockSize() + 1;
        MemorySegment data = MemorySegment.ofArray(new byte[2 * type.typeSize()]);
        float[] x = new float[n];
        assertThrows(IllegalArgumentException.class, () -> f.scalarDot(data, 0, x, 0, n));
        assertThrows(IllegalArgumentException.class, () -> f.vectorDot(data, 0, x, 0, n));
        assertThrows(IllegalArgumentException.class, () -> f.dequantize(data, 0, x, 0, n));
    }
}
