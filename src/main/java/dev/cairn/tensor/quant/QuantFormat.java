package dev.cairn.tensor.quant;

import java.lang.foreign.MemorySegment;

/**
 * One GGML storage format: how a row of {@code n} elements is laid out in bytes, with a scalar reference
 * and a Vector API kernel that both work on the stored bytes in place.
 *
 * <p>{@code offset} is a byte offset into {@code data} where the row starts; {@code n} is the number of
 * elements in the row and is always a multiple of {@link GgmlType#blockSize()}. Data is little-endian.
 */
public interface QuantFormat {

    GgmlType type();

    /** Scalar reference: decodes {@code n} elements starting at {@code offset} into {@code dst[dstOff..]}. */
    void dequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n);

    /** Scalar reference dot product of the stored row with {@code x[xOff..xOff+n)}. */
    float scalarDot(MemorySegment data, long offset, float[] x, int xOff, int n);

    /**
     * Vector API dot product of the stored row with {@code x[xOff..xOff+n)}, at the width this run uses
     * ({@link Kernels#species()}). Must agree with {@link #scalarDot} up to float rounding. Computes the block
     * sums of {@code x} itself (an allocation per call); hot loops pass them, see below.
     *
     * @throws IllegalStateException when the vector kernels are off ({@code -Dcairn.vector=false})
     */
    default float vectorDot(MemorySegment data, long offset, float[] x, int xOff, int n) {
        return vectorDot(data, offset, x, xOff, blockSums(x, xOff, n), n);
    }

    /**
     * As above, with {@code xSums} the {@link #blockSums} of {@code x[xOff..xOff+n)}. Formats that store an
     * offset per 32-element block (Q4_0's 8, the mins of Q4_1, Q5_1, Q4_K and Q5_K) take that term from
     * the sums instead of summing {@code x} again for every row: a mat-vec computes the sums once for all
     * its rows. (Q2_K's mins are per 16 elements and it still sums {@code x} itself.)
     */
    float vectorDot(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n);

    /** Elements per entry of {@link #blockSums}: the smallest block of the formats that use them. */
    int SUM_BLOCK = 32;

    /** {@code sums[k]} = sum of {@code x[xOff + 32k .. xOff + 32k + 32)}, the last block possibly partial. */
    static void blockSums(float[] x, int xOff, int n, float[] sums) {
        for (int k = 0, blocks = (n + SUM_BLOCK - 1) / SUM_BLOCK; k < blocks; k++) {
            float s = 0f;
            for (int i = xOff + SUM_BLOCK * k, end = xOff + Math.min(n, SUM_BLOCK * (k + 1)); i < end; i++) {
                s += x[i];
            }
            sums[k] = s;
        }
    }

    /** {@link #blockSums(float[], int, int, float[])} into a new array. */
    static float[] blockSums(float[] x, int xOff, int n) {
        float[] sums = new float[(n + SUM_BLOCK - 1) / SUM_BLOCK];
        blockSums(x, xOff, n, sums);
        return sums;
    }

    /**
     * Vector API decode of {@code n} elements into {@code dst[dstOff..]}, at this run's width; gives exactly
     * the floats of {@link #dequantize}.
     */
    void vectorDequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n);

    /**
     * Encodes {@code n} floats into this format at {@code offset}; round-to-nearest reference quantizer
     * (used by the GGUF writer, tests and the quantize command).
     */
    void quantize(float[] src, int srcOff, MemorySegment data, long offset, int n);

    /** Dot product through the kernel chosen at start-up (vector unless disabled, see {@link Kernels}). */
    default float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
        return Kernels.species() == null ? scalarDot(data, offset, x, xOff, n) : vectorDot(data, offset, x, xOff, n);
    }

    /** As {@link #dot(MemorySegment, long, float[], int, int)}, given the {@link #blockSums} of {@code x}. */
    default float dot(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        return Kernels.species() == null ? scalarDot(data, offset, x, xOff, n) : vectorDot(data, offset, x, xOff, xSums, n);
    }

    /**
     * How many rows {@link #dotSpaced} takes in one loop: 1, or where the format has a kernel for more, 3
     * (Q4_0) or 4 (Q8_0). A mat-vec hands a chunk's rows over that many at a time, spaced evenly across the
     * chunk: more streams from memory in flight, the loads of {@code x} shared. Tinyllama Q8_0 decode went
     * from 8.9 to 12.2 tok/s with two rows at a time, and from about 11.9 to 12.9 with four against two;
     * Q4_0 from 19.4-19.8 to 21.6-22.2 with three against two (alternating rounds, README). The streams must
     * lie apart: two adjacent rows at once read 3.9 GB/s from memory where rows a chunk apart read 6.4-6.9.
     * More rows measured slower where the kernel is larger: Q4_0 four at a time (C2 gave up compiling its
     * vector code) and Q4_K two at a time (decode 12.2 to 10.0 tok/s).
     */
    default int rowsAtOnce() {
        return 1;
    }

    /**
     * {@code out[at + k * atStride]} = the row at {@code offset + k * stride} · x for every
     * {@code k < rowsAtOnce()}, each as {@link #dot(MemorySegment, long, float[], int, float[], int)} gives it.
     */
    default void dotSpaced(MemorySegment data, long offset, long stride, float[] x, int xOff, float[] xSums, int n,
            float[] out, int at, int atStride) {
        for (int k = 0; k < rowsAtOnce(); k++) {
            out[at + k * atStride] = dot(data, offset + k * stride, x, xOff, xSums, n);
        }
    }

    /** Decode through the kernel chosen at start-up (vector unless disabled, see {@link Kernels}). */
    default void decode(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        if (Kernels.species() == null) {
            dequantize(data, offset, dst, dstOff, n);
        } else {
            vectorDequantize(data, offset, dst, dstOff, n);
        }
    }

}
