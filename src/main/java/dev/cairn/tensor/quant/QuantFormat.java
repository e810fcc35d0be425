package dev.cairn.tensor.quant;

import dev.cairn.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.VectorSpecies;

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
     * Vector API dot product of the stored row with {@code x[xOff..xOff+n)}, using {@code species}
     * (64, 128, 256 or 512 bits). Must agree with {@link #scalarDot} up to float rounding.
     */
    float vectorDot(MemorySegment data, long offset, float[] x, int xOff, int n, VectorSpecies<Float> species);

    /**
     * Vector API decode of {@code n} elements into {@code dst[dstOff..]}, using {@code species} (64 to 512
     * bits); gives exactly the floats of {@link #dequantize}.
     */
    void vectorDequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n, VectorSpecies<Float> species);

    /**
     * Encodes {@code n} floats into this format at {@code offset}; round-to-nearest reference quantizer
     * (used by the GGUF writer, tests and the quantize command).
     */
    void quantize(float[] src, int srcOff, MemorySegment data, long offset, int n);

    /** Dot product through the kernel chosen at start-up (vector unless disabled, see {@link Kernels}). */
    default float dot(MemorySegment data, long offset, float[] x, int xOff, int n) {
        VectorSpecies<Float> species = Kernels.species();
        return species == null ? scalarDot(data, offset, x, xOff, n) : vectorDot(data, offset, x, xOff, n, species);
    }

    /** Decode through the kernel chosen at start-up (vector unless disabled, see {@link Kernels}). */
    default void decode(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        VectorSpecies<Float> species = Kernels.species();
        if (species == null) {
            dequantize(data, offset, dst, dstOff, n);
        } else {
            vectorDequantize(data, offset, dst, dstOff, n, species);
        }
    }

}
