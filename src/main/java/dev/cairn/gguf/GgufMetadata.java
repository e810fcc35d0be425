package dev.cairn.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The key/value metadata of a GGUF file, immutable and in file order. Values are Java objects as described
 * in {@link GgufValueType}; arrays are {@link GgufArray}s.
 *
 * <p>Typed accessors convert between compatible types (any integer type for {@link #getInt}, unsigned
 * types read as unsigned, integers and doubles for {@link #getFloat}); a missing key where one is required,
 * a wrong type or a value out of range throws an {@link IllegalArgumentException} that names the key.
 */
public final class GgufMetadata {

    /** One value with its declared GGUF type, which the Java class alone cannot tell (signed or not). */
    record Entry(GgufValueType type, Object value) {
    }

    private final String source;
    private final Map<String, Entry> entries;

    private GgufMetadata(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Builder builder() {
        return new Builder(null, Map.of());
    }

    /** A builder that starts with all entries of this metadata, in order. */
    public Builder toBuilder() {
        return new Builder(source, entries);
    }

    public int size() {
        return entries.size();
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** All keys in file order. */
    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<GgufValueType> type(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::type);
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    public String getString(String key) {
        return string(key, require(key));
    }

    public Optional<String> findString(String key) {
        return Optional.ofNullable(entries.get(key)).map(e -> string(key, e));
    }

    public long getLong(String key) {
        return integer(key, require(key));
    }

    public OptionalLong findLong(String key) {
        Entry e = entries.get(key);
        return e == null ? OptionalLong.empty() : OptionalLong.of(integer(key, e));
    }

    public int getInt(String key) {
        return intValue(key, require(key));
    }

    public int getInt(String key, int defaultValue) {
        Entry e = entries.get(key);
        return e == null ? defaultValue : intValue(key, e);
    }

    public float getFloat(String key) {
        return (float) number(key, require(key));
    }

    public float getFloat(String key, float defaultValue) {
        Entry e = entries.get(key);
        return e == null ? defaultValue : (float) number(key, e);
    }

    public boolean getBoolean(String key) {
        return bool(key, require(key));
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        Entry e = entries.get(key);
        return e == null ? defaultValue : bool(key, e);
    }

    public GgufArray getArray(String key) {
        return array(key, require(key));
    }

    public Optional<GgufArray> findArray(String key) {
        return Optional.ofNullable(entries.get(key)).map(e -> array(key, e));
    }

    /** A copy of a {@code STRING} array. */
    public String[] getStringArray(String key) {
        GgufArray array = getArray(key);
        if (array.elementType() != GgufValueType.STRING) {
            throw wrongElements(key, array, "strings");
        }
        return (String[]) array.values();
    }

    /** A {@code FLOAT32} array, or any other numeric array converted to floats. */
    public float[] getFloatArray(String key) {
        GgufArray array = getArray(key);
        if (array.elementType() == GgufValueType.FLOAT32) {
            return (float[]) array.values();
        }
        if (array.elementType() != GgufValueType.FLOAT64 && !array.elementType().isInteger()) {
            throw wrongElements(key, array, "numbers");
        }
        float[] result = new float[array.length()];
        for (int i = 0; i < result.length; i++) {
            result[i] = (float) number(key + "[" + i + "]", new Entry(array.elementType(), array.get(i)));
        }
        return result;
    }

    /** An integer array of any integer type, each element checked to fit in an {@code int}. */
    public int[] getIntArray(String key) {
        GgufArray array = getArray(key);
        if (array.elementType() == GgufValueType.INT32) {
            return (int[]) array.values();
        }
        if (!array.elementType().isInteger()) {
            throw wrongElements(key, array, "integers");
        }
        int[] result = new int[array.length()];
        for (int i = 0; i < result.length; i++) {
            result[i] = intValue(key + "[" + i + "]", new Entry(array.elementType(), array.get(i)));
        }
        return result;
    }

    private Entry require(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw problem(key, "is missing");
        }
        return e;
    }

    private String string(String key, Entry e) {
        if (e.type() != GgufValueType.STRING) {
            throw wrongType(key, e, "a string");
        }
        return (String) e.value();
    }

    private long integer(String key, Entry e) {
        if (!e.type().isInteger()) {
            throw wrongType(key, e, "an integer");
        }
        OptionalLong value = e.type().integerValue(e.value());
        if (value.isEmpty()) {
            throw problem(key, "value " + e.type().format(e.value()) + " does not fit in a signed 64-bit integer");
        }
        return value.getAsLong();
    }

    private int intValue(String key, Entry e) {
        long value = integer(key, e);
        if (value != (int) value) {
            throw problem(key, "value " + value + " does not fit in an int");
        }
        return (int) value;
    }

    private double number(String key, Entry e) {
        return switch (e.type()) {
            case FLOAT32, FLOAT64 -> ((Number) e.value()).doubleValue();
            default -> {
                if (!e.type().isInteger()) {
                    throw wrongType(key, e, "a number");
                }
                yield integer(key, e);
            }
        };
    }

    private boolean bool(String key, Entry e) {
        if (e.type() != GgufValueType.BOOL) {
            throw wrongType(key, e, "a bool");
        }
        return (Boolean) e.value();
    }

    private GgufArray array(String key, Entry e) {
        if (e.type() != GgufValueType.ARRAY) {
            throw wrongType(key, e, "an array");
        }
        return (GgufArray) e.value();
    }

    private IllegalArgumentException wrongType(String key, Entry e, String expected) {
        return problem(key, "has type " + e.type() + ", expected " + expected);
    }

    private IllegalArgumentException wrongElements(String key, GgufArray array, String expected) {
        return problem(key, "is an array of " + array.elementType() + ", expected " + expected);
    }

    private IllegalArgumentException problem(String key, String what) {
        String prefix = source == null ? "" : source + ": ";
        return new IllegalArgumentException(prefix + "metadata key '" + key + "' " + what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufMetadata other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** One {@code key: TYPE = value} per line; long arrays are abbreviated. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner("\n");
        entries.forEach((key, e) -> joiner.add(key + ": " + e.type() + " = " + e.type().format(e.value())));
        return joiner.toString();
    }

    /** Collects entries in insertion order; putting an existing key replaces its value in place. */
    public static final class Builder {

        private String source;
        private final LinkedHashMap<String, Entry> entries;

        private Builder(String source, Map<String, Entry> entries) {
            this.source = source;
            this.entries = new LinkedHashMap<>(entries);
        }

        /** Names the file the metadata came from, for error messages. */
        Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Puts {@code value}, which must be an instance of {@code type.javaType()}. */
        public Builder put(String key, GgufValueType type, Object value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
            if (!type.javaType().isInstance(value)) {
                throw new IllegalArgumentException("metadata key '" + key + "': a " + type + " value must be a "
                        + type.javaType().getSimpleName() + ", not a " + value.getClass().getSimpleName());
            }
            entries.put(key, new Entry(type, value));
            return this;
        }

        public boolean contains(String key) {
            return entries.containsKey(key);
        }

        public Builder remove(String key) {
            entries.remove(key);
            return this;
        }

        public Builder putUint8(String key, byte value) {
            return put(key, GgufValueType.UINT8, value);
        }

        public Builder putInt8(String key, byte value) {
            return put(key, GgufValueType.INT8, value);
        }

        public Builder putUint16(String key, short value) {
            return put(key, GgufValueType.UINT16, value);
        }

        public Builder putInt16(String key, short value) {
            return put(key, GgufValueType.INT16, value);
        }

        public Builder putUint32(String key, int value) {
            return put(key, GgufValueType.UINT32, value);
        }

        public Builder putInt32(String key, int value) {
            return put(key, GgufValueType.INT32, value);
        }

        public Builder putUint64(String key, long value) {
            return put(key, GgufValueType.UINT64, value);
        }

        public Builder putInt64(String key, long value) {
            return put(key, GgufValueType.INT64, value);
        }

        public Builder putFloat32(String key, float value) {
            return put(key, GgufValueType.FLOAT32, value);
        }

        public Builder putFloat64(String key, double value) {
            return put(key, GgufValueType.FLOAT64, value);
        }

        public Builder putBool(String key, boolean value) {
            return put(key, GgufValueType.BOOL, value);
        }

        public Builder putString(String key, String value) {
            return put(key, GgufValueType.STRING, value);
        }

        public Builder putArray(String key, GgufArray value) {
            return put(key, GgufValueType.ARRAY, value);
        }

        public Builder putStringArray(String key, String... values) {
            return putArray(key, GgufArray.ofStrings(values));
        }

        public Builder putInt32Array(String key, int... values) {
            return putArray(key, GgufArray.ofInt32(values));
        }

        public Builder putFloat32Array(String key, float... values) {
            return putArray(key, GgufArray.ofFloat32(values));
        }

        public GgufMetadata build() {
            return new GgufMetadata(source, new LinkedHashMap<>(entries));
        }
    }
}
