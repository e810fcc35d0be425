package dev.cairn.gguf;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The value types of GGUF metadata. Ids are part of the file format.
 *
 * <p>Java representation: each type maps to one boxed class for scalars and one array class for array
 * elements. Unsigned types use the signed Java type of the same width and keep the raw bits (a
 * {@code UINT32} of 4294967295 is the {@code Integer} -1); {@link GgufMetadata}'s accessors and
 * {@link #integerValue(Object)} read them as unsigned.
 */
public enum GgufValueType {
    UINT8(0, 1, Byte.class, byte[].class),
    INT8(1, 1, Byte.class, byte[].class),
    UINT16(2, 2, Short.class, short[].class),
    INT16(3, 2, Short.class, short[].class),
    UINT32(4, 4, Integer.class, int[].class),
    INT32(5, 4, Integer.class, int[].class),
    FLOAT32(6, 4, Float.class, float[].class),
    BOOL(7, 1, Boolean.class, boolean[].class),
    /** Length (u64) followed by UTF-8 bytes; at least 8 bytes in the file. */
    STRING(8, 8, String.class, String[].class),
    /** Element type (u32), length (u64) and elements; at least 12 bytes in the file. */
    ARRAY(9, 12, GgufArray.class, GgufArray[].class),
    UINT64(10, 8, Long.class, long[].class),
    INT64(11, 8, Long.class, long[].class),
    FLOAT64(12, 8, Double.class, double[].class);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int minEncodedSize;
    private final Class<?> javaType;
    private final Class<?> javaArrayType;

    GgufValueType(int id, int minEncodedSize, Class<?> javaType, Class<?> javaArrayType) {
        this.id = id;
        this.minEncodedSize = minEncodedSize;
        this.javaType = javaType;
        this.javaArrayType = javaArrayType;
    }

    public int id() {
        return id;
    }

    public static Optional<GgufValueType> byId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.of(BY_ID[(int) id]) : Optional.empty();
    }

    /** The boxed Java class of a scalar value of this type. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The Java array class that holds the elements of a GGUF array of this type. */
    public Class<?> javaArrayType() {
        return javaArrayType;
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /**
     * The integer a scalar of this type stands for, or empty when this is not an integer type or the value
     * (a {@code UINT64} above {@link Long#MAX_VALUE}) does not fit in a {@code long}.
     */
    public OptionalLong integerValue(Object value) {
        return switch (this) {
            case UINT8 -> OptionalLong.of(Byte.toUnsignedLong((Byte) value));
            case UINT16 -> OptionalLong.of(Short.toUnsignedLong((Short) value));
            case UINT32 -> OptionalLong.of(Integer.toUnsignedLong((Integer) value));
            case UINT64 -> (Long) value < 0 ? OptionalLong.empty() : OptionalLong.of((Long) value);
            case INT8, INT16, INT32, INT64 -> OptionalLong.of(((Number) value).longValue());
            default -> OptionalLong.empty();
        };
    }

    /** Human-readable text of a scalar of this type, with unsigned types shown unsigned. */
    public String format(Object value) {
        return switch (this) {
            case UINT64 -> Long.toUnsignedString((Long) value);
            case UINT8, UINT16, UINT32 -> Long.toString(integerValue(value).orElseThrow());
            default -> String.valueOf(value);
        };
    }

    /** The fewest bytes one value of this type takes in a file; bounds element counts before allocation. */
    int minEncodedSize() {
        return minEncodedSize;
    }
}
