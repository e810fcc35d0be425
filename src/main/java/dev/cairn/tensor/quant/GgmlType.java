package dev.cairn.tensor.quant;

import java.util.Optional;

/**
 * The tensor element types of GGML/GGUF that Cairn reads. Ids and block geometry are part of the file
 * format, so they must never change; {@code blockSize} elements are stored in {@code typeSize} bytes.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ4_NL(20, 32, 18),
    IQ4_XS(23, 256, 136),
    BF16(30, 1, 2);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    public int id() {
        return id;
    }

    /** Elements per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    public static Optional<GgmlType> byId(long id) {
        if (id < 0 || id >= BY_ID.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_ID[(int) id]);
    }

    /** Bytes used by {@code elements} elements; {@code elements} must be a multiple of the block size. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(name() + ": " + elements + " elements is not a multiple of " + blockSize);
        }
        return Math.multiplyExact(elements / blockSize, (long) typeSize);
    }
}
