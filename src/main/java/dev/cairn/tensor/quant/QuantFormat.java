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
     * Whether {@link #dotPair} is one loop over both rows (Q4_0, Q8_0). Elsewhere it is two {@link #dot}s,
     * and a mat-vec calls {@code dot} row by row: inlining a large kernel twice into one method measured
     * slower (Q4_K decode 12.2 to 10.0 tok/s).
     */
    default boolean pairsRows() {
        return false;
    }

    /**
     * Two rows at once, {@code out[atA]} = row at {@code offsetA} · x and {@code out[atB]} = row at
     * {@code offsetB} · x, each as {@link #dot(MemorySegment, long, float[], int, float[], int)} gives it.
     * Where the format {@link #pairsRows}, one loop takes both rows: a mat-vec pairs rows far apart, and two
     * streams from memory keep more reads in flight than one, with the loads of {@code x} shared.
     */
    default void dotPair(MemorySegment data, long offsetA, long offsetB, float[] x, int xOff, float[] xSums, int n,
            float[] out, int atA, int atB) {
        out[atA] = dot(data, offsetA, x, xOff, xSums, n);
        out[atB] = dot(data, offsetB, x, xOff, xSums, n);
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
