package dev.cairn.tensor.quant;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReferenceArray;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Base of every format. The Vector API only compiles to SIMD code when the species is a JIT-time constant;
 * a species passed as an argument into a kernel that the JIT compiles on its own (as it does for any hot
 * loop) falls back to a per-operation slow path, about 40 times slower. So each concrete format class is
 * also loaded once per vector width as a hidden class whose {@code static final} species field holds that
 * width (see {@link #speciesOf}); {@link #vectorDot} forwards to the copy for the requested width, whose
 * {@link #kernel} then sees a constant.
 *
 * <p>Concrete classes therefore declare {@code private static final VectorSpecies<Float> F =
 * speciesOf(MethodHandles.lookup())}, pass {@code MethodHandles.lookup()} to this constructor, must not
 * mention their own type in field or method signatures (a hidden copy cannot be stored under that name),
 * and keep all Vector API calls inside their own class, so that nothing takes the species as a parameter.
 */
abstract class VectorFormat implements QuantFormat {

    /** Copies for 64, 128, 256 and 512-bit species. */
    private static final int WIDTHS = 4;

    private final GgmlType type;
    private final MethodHandles.Lookup lookup;
    private final AtomicReferenceArray<VectorFormat> copies;

    VectorFormat(GgmlType type, MethodHandles.Lookup lookup) {
        this.type = type;
        boolean copy = lookup.lookupClass().isHidden();
        this.lookup = copy ? null : lookup;
        this.copies = copy ? null : new AtomicReferenceArray<>(WIDTHS);
    }

    /** The species a hidden copy was made for, or {@code null} in the class as normally loaded. */
    static VectorSpecies<Float> speciesOf(MethodHandles.Lookup lookup) {
        if (!lookup.lookupClass().isHidden()) {
            return null;
        }
        try {
            VectorSpecies<?> species = MethodHandles.classData(lookup, ConstantDescs.DEFAULT_NAME, VectorSpecies.class);
            return species.check(float.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
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
    public final float vectorDot(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n, VectorSpecies<Float> species) {
        blocks(n);
        return copyFor(species).kernel(data, offset, x, xOff, xSums, n);
    }

    /**
     * The vector dot product; only ever called on a hidden copy, where the species constant is set.
     * {@code xSums} are the {@link QuantFormat#blockSums} of {@code x}.
     */
    abstract float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n);

    @Override
    public final void vectorDequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n, VectorSpecies<Float> species) {
        blocks(n);
        copyFor(species).decodeKernel(data, offset, dst, dstOff, n);
    }

    /**
     * The vector decode, called on a hidden copy like {@link #kernel}; formats without one decode with the
     * scalar reference.
     */
    void decodeKernel(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        dequantize(data, offset, dst, dstOff, n);
    }

    private VectorFormat copyFor(VectorSpecies<Float> species) {
        int bits = species.vectorBitSize();
        int slot = Integer.numberOfTrailingZeros(bits) - 6;
        if (Integer.bitCount(bits) != 1 || slot < 0 || slot >= WIDTHS) {
            throw new IllegalArgumentException(type + ": unsupported vector width " + bits + " bits (64 to 512 are)");
        }
        VectorFormat copy = copies.get(slot);
        if (copy == null) {
            copies.compareAndSet(slot, null, defineCopy(species));
            copy = copies.get(slot);
        }
        return copy;
    }

    private VectorFormat defineCopy(VectorSpecies<Float> species) {
        Class<?> self = lookup.lookupClass();
        byte[] classFile;
        try (InputStream in = self.getResourceAsStream(self.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException("class file of " + self.getName() + " not found");
            }
            classFile = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read class file of " + self.getName(), e);
        }
        try {
            MethodHandles.Lookup copy = lookup.defineHiddenClassWithClassData(classFile, species, true);
            return (VectorFormat) copy.findConstructor(copy.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot specialise " + self.getName() + " for " + species, e);
        }
    }
}
