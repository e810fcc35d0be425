package dev.cairn.tensor.quant;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Base of every format: the vector entry points check their arguments once and call the format's
 * kernels. The Vector API compiles to SIMD code only where the species is a JIT-time constant, so each
 * concrete class declares {@code private static final VectorSpecies<Float> F = Kernels.species()} and keeps
 * every Vector API call in its own class, where that constant is seen; nothing takes a species as a
 * parameter. One width per run: the tests cover every width by running once per {@code -Dcairn.vector.bits}.
 */
abstract class VectorFormat implements QuantFormat {

    private final GgmlType type;
    private final int rowsAtOnce;

    VectorFormat(GgmlType type) {
        this(type, 1);
    }

    /** For a format whose {@link #kernelSpaced} takes {@code rowsAtOnce} rows in one loop. */
    VectorFormat(GgmlType type, int rowsAtOnce) {
        this.type = type;
        this.rowsAtOnce = rowsAtOnce;
    }

    /** Byte species with at least as many lanes as {@code f} (and at least 8, the narrowest there is). */
    static VectorSpecies<Byte> byteLanes(VectorSpecies<Float> f) {
        if (f == null) {
            return null;
        }
        return f.length() <= 8 ? ByteVector.SPECIES_64 : ByteVector.SPECIES_128;
    }

    /** Short species with at least as many lanes as {@code f} (and at least 4). */
    static VectorSpecies<Short> shortLanes(VectorSpecies<Float> f) {
        if (f == null) {
            return null;
        }
        return f.length() <= 4 ? ShortVector.SPECIES_64 : ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(16 * f.length()));
    }

    /** Int species with the same lane count as {@code f}. */
    static VectorSpecies<Integer> intLanes(VectorSpecies<Float> f) {
        return f == null ? null : f.withLanes(int.class);
    }

    @Override
    public final GgmlType type() {
        return type;
    }

    /** Number of blocks in {@code n} elements; rejects a partial block. */
    final int blocks(int n) {
        type.bytesFor(n);
        return n / type.blockSize();
    }

    @Override
    public final float vectorDot(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        requireVectors();
        blocks(n);
        return kernel(data, offset, x, xOff, xSums, n);
    }

    /** The vector dot product. {@code xSums} are the {@link QuantFormat#blockSums} of {@code x}. */
    abstract float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n);

    @Override
    public final int rowsAtOnce() {
        return rowsAtOnce;
    }

    @Override
    public final void dotSpaced(MemorySegment data, long offset, long stride, float[] x, int xOff, float[] xSums, int n,
            float[] out, int at, int atStride) {
        if (Kernels.species() == null || rowsAtOnce == 1) {
            QuantFormat.super.dotSpaced(data, offset, stride, x, xOff, xSums, n, out, at, atStride);
            return;
        }
        blocks(n);
        kernelSpaced(data, offset, stride, x, xOff, xSums, n, out, at, atStride);
    }

    /** The {@link #rowsAtOnce} rows of {@link #dotSpaced} in one loop; formats that take more than one override it. */
    void kernelSpaced(MemorySegment data, long offset, long stride, float[] x, int xOff, float[] xSums, int n,
            float[] out, int at, int atStride) {
        throw new UnsupportedOperationException(type() + " takes rows one at a time");
    }

    @Override
    public final void vectorDequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        requireVectors();
        blocks(n);
        decodeKernel(data, offset, dst, dstOff, n);
    }

    /** The vector decode; formats without one decode with the scalar reference. */
    void decodeKernel(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        dequantize(data, offset, dst, dstOff, n);
    }

    private static void requireVectors() {
        if (Kernels.species() == null) {
            throw new IllegalStateException("the vector kernels are off in this run (-Dcairn.vector=false)");
        }
    }
}
