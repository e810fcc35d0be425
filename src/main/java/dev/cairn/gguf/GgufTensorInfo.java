package dev.cairn.gguf;

import dev.cairn.tensor.quant.GgmlType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a GGUF file. {@code dims[0]} is the row length (the contiguous dimension, ggml's
 * {@code ne[0]}); {@code offset} is relative to the start of the file's data section.
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset, long byteSize) {

    /** ggml's GGML_MAX_DIMS. */
    public static final int MAX_DIMS = 4;

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        if (offset < 0) {
            throw new IllegalArgumentException("tensor '" + name + "': negative offset " + offset);
        }
        long expected = byteSizeOf(type, dims);
        if (byteSize != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': " + byteSize + " bytes given but a " + type
                    + " tensor of shape " + Arrays.toString(dims) + " takes " + expected);
        }
    }

    /** A copy of the dimensions. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int nDims() {
        return dims.length;
    }

    public long dim(int index) {
        return dims[index];
    }

    public long elementCount() {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        return count;
    }

    /** Elements per row: {@code dims[0]}. */
    public long rowLength() {
        return dims[0];
    }

    /** Number of rows: the product of all dimensions but the first. */
    public long rows() {
        return elementCount() / dims[0];
    }

    public long rowBytes() {
        return type.bytesFor(dims[0]);
    }

    /**
     * Bytes taken by a tensor of {@code type} and shape {@code dims}, checking everything a GGUF file needs:
     * 1 to {@value #MAX_DIMS} dimensions, each at least 1, rows a whole number of blocks and a size that fits
     * in a {@code long}.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static long byteSizeOf(GgmlType type, long... dims) {
        if (dims.length < 1 || dims.length > MAX_DIMS) {
            throw new IllegalArgumentException(dims.length + " dimensions, expected 1 to " + MAX_DIMS);
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new IllegalArgumentException("dimension " + i + " is " + dims[i] + ", must be at least 1");
            }
        }
        if (dims[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("row length " + dims[0] + " is not a multiple of the " + type
                    + " block size " + type.blockSize());
        }
        try {
            long elements = dims[0];
            for (int i = 1; i < dims.length; i++) {
                elements = Math.multiplyExact(elements, dims[i]);
            }
            return type.bytesFor(elements);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                    + " has more elements or bytes than fit in 64 bits");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo other && name.equals(other.name) && Arrays.equals(dims, other.dims)
                && type == other.type && offset == other.offset && byteSize == other.byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, offset, byteSize);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims) + " @" + offset + " (" + byteSize + " bytes)";
    }
}
