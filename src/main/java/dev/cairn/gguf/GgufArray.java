package dev.cairn.gguf;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An immutable GGUF metadata array: an element type and a Java array of the matching class
 * ({@link GgufValueType#javaArrayType()}), e.g. {@code STRING} with a {@code String[]} or {@code ARRAY}
 * with a {@code GgufArray[]} for nested arrays.
 */
public final class GgufArray {

    /** Deepest nesting accepted; an array of scalars has depth 1. Bounds recursion on hostile files. */
    public static final int MAX_DEPTH = 8;

    private final GgufValueType elementType;
    private final Object values;
    private final int length;
    private final int depth;

    private GgufArray(GgufValueType elementType, Object values) {
        this.elementType = Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(values, "values");
        if (values.getClass() != elementType.javaArrayType()) {
            throw new IllegalArgumentException("a GGUF " + elementType + " array needs a "
                    + elementType.javaArrayType().getSimpleName() + ", not a " + values.getClass().getSimpleName());
        }
        this.values = values;
        this.length = Array.getLength(values);
        this.depth = 1 + childDepth(elementType, values);
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("GGUF arrays nested deeper than " + MAX_DEPTH);
        }
    }

    /**
     * An array of a copy of {@code values}, which must be an {@code elementType.javaArrayType()} without
     * nulls (e.g. {@code of(UINT16, new short[] {1, 2})}).
     */
    public static GgufArray of(GgufValueType elementType, Object values) {
        return new GgufArray(elementType, copy(values));
    }

    /** Takes ownership of {@code values} without copying; for the reader, which built the array itself. */
    static GgufArray adopt(GgufValueType elementType, Object values) {
        return new GgufArray(elementType, values);
    }

    public static GgufArray ofStrings(String... values) {
        return of(GgufValueType.STRING, values);
    }

    public static GgufArray ofInt32(int... values) {
        return of(GgufValueType.INT32, values);
    }

    public static GgufArray ofInt64(long... values) {
        return of(GgufValueType.INT64, values);
    }

    public static GgufArray ofFloat32(float... values) {
        return of(GgufValueType.FLOAT32, values);
    }

    public static GgufArray ofArrays(GgufArray... values) {
        return of(GgufValueType.ARRAY, values);
    }

    public GgufValueType elementType() {
        return elementType;
    }

    public int length() {
        return length;
    }

    /** 1 for an array of scalars, 2 for an array of such arrays, and so on. */
    public int depth() {
        return depth;
    }

    /** A copy of the elements, as a {@code elementType().javaArrayType()}. */
    public Object values() {
        return copy(values);
    }

    /** Element {@code index}, boxed as {@code elementType().javaType()}. */
    public Object get(int index) {
        Objects.checkIndex(index, length);
        return Array.get(values, index);
    }

    /** The elements without a copy; callers in this package must not modify them. */
    Object rawValues() {
        return values;
    }

    private static Object copy(Object array) {
        Objects.requireNonNull(array, "values");
        if (!array.getClass().isArray()) {
            throw new IllegalArgumentException("not an array: " + array.getClass().getName());
        }
        int n = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }

    private static int childDepth(GgufValueType elementType, Object values) {
        if (elementType == GgufValueType.STRING) {
            for (String s : (String[]) values) {
                Objects.requireNonNull(s, "null string in GGUF array");
            }
        }
        if (elementType != GgufValueType.ARRAY) {
            return 0;
        }
        int deepest = 1;
        for (GgufArray child : (GgufArray[]) values) {
            deepest = Math.max(deepest, Objects.requireNonNull(child, "null element in GGUF array").depth);
        }
        return deepest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray other && elementType == other.elementType
                && Arrays.deepEquals(new Object[] {values}, new Object[] {other.values});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {values});
    }

    /** Type, length and the first few elements, e.g. {@code STRING[3]{a, b, c}}. */
    @Override
    public String toString() {
        int shown = Math.min(length, 8);
        String suffix = length > shown ? ", ...}" : "}";
        StringJoiner joiner = new StringJoiner(", ", elementType + "[" + length + "]{", suffix);
        for (int i = 0; i < shown; i++) {
            joiner.add(elementType.format(Array.get(values, i)));
        }
        return joiner.toString();
    }
}
