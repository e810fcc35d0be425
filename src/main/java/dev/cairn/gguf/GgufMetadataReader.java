package dev.cairn.gguf;

import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/** Reads the key/value section of a GGUF header. */
final class GgufMetadataReader {

    /** Smallest possible entry: empty key (8-byte length), value type (4) and a one-byte value. */
    static final int MIN_ENTRY_BYTES = 8 + 4 + 1;

    private final GgufCursor cursor;
    private final Map<String, Long> valueOffsets = new HashMap<>();

    GgufMetadataReader(GgufCursor cursor) {
        this.cursor = cursor;
    }

    GgufMetadata read(long count) throws GgufFormatException {
        GgufMetadata.Builder builder = GgufMetadata.builder().source(cursor.file());
        for (long i = 0; i < count; i++) {
            long entryStart = cursor.position();
            String key = cursor.readString("metadata key");
            if (valueOffsets.containsKey(key)) {
                throw cursor.error(entryStart, "duplicate metadata key " + GgufCursor.quote(key));
            }
            String context = "value of key " + GgufCursor.quote(key);
            GgufValueType type = readType(context, "value type");
            valueOffsets.put(key, cursor.position());
            builder.put(key, type, readValue(type, context, 0));
        }
        return builder.build();
    }

    /** Where the value of {@code key} starts in the file, for messages about values that parsed but are wrong. */
    long valueOffset(String key) {
        return valueOffsets.get(key);
    }

    private GgufValueType readType(String context, String field) throws GgufFormatException {
        long at = cursor.position();
        int id = cursor.readInt(context + " " + field);
        return GgufValueType.byId(Integer.toUnsignedLong(id)).orElseThrow(
                () -> cursor.error(at, context + ": unknown " + field + " " + Integer.toUnsignedString(id)));
    }

    private Object readValue(GgufValueType type, String context, int depth) throws GgufFormatException {
        return switch (type) {
            case UINT8, INT8 -> cursor.readByte(context);
            case UINT16, INT16 -> cursor.readShort(context);
            case UINT32, INT32 -> cursor.readInt(context);
            case UINT64, INT64 -> cursor.readLong(context);
            case FLOAT32 -> cursor.readFloat(context);
            case FLOAT64 -> cursor.readDouble(context);
            case BOOL -> readBool(context);
            case STRING -> cursor.readString(context);
            case ARRAY -> readArray(context, depth + 1);
        };
    }

    private boolean readBool(String context) throws GgufFormatException {
        long at = cursor.position();
        byte b = cursor.readByte(context);
        if (b != 0 && b != 1) {
            throw cursor.error(at, context + ": bool must be 0 or 1, found " + Byte.toUnsignedInt(b));
        }
        return b == 1;
    }

    /** Reads an array whose nesting depth (1 for a top-level array) is {@code depth}. */
    private GgufArray readArray(String context, int depth) throws GgufFormatException {
        long typeAt = cursor.position();
        GgufValueType elementType = readType(context, "array element type");
        if (elementType == GgufValueType.ARRAY && depth >= GgufArray.MAX_DEPTH) {
            throw cursor.error(typeAt, context + ": arrays nested deeper than " + GgufArray.MAX_DEPTH);
        }
        int length = cursor.readLength(context + " array length", elementType.minEncodedSize());
        Object values = switch (elementType) {
            case UINT8, INT8 -> cursor.readArray(ValueLayout.JAVA_BYTE, new byte[length], length, context);
            case UINT16, INT16 -> cursor.readArray(GgufCursor.I16, new short[length], length, context);
            case UINT32, INT32 -> cursor.readArray(GgufCursor.I32, new int[length], length, context);
            case UINT64, INT64 -> cursor.readArray(GgufCursor.I64, new long[length], length, context);
            case FLOAT32 -> cursor.readArray(GgufCursor.F32, new float[length], length, context);
            case FLOAT64 -> cursor.readArray(GgufCursor.F64, new double[length], length, context);
            case BOOL -> readBools(length, context);
            case STRING -> readStrings(length, context);
            case ARRAY -> readArrays(length, context, depth);
        };
        return GgufArray.adopt(elementType, values);
    }

    private boolean[] readBools(int length, String context) throws GgufFormatException {
        boolean[] values = new boolean[length];
        for (int i = 0; i < length; i++) {
            values[i] = readBool(context);
        }
        return values;
    }

    private String[] readStrings(int length, String context) throws GgufFormatException {
        String[] values = new String[length];
        for (int i = 0; i < length; i++) {
            values[i] = cursor.readString(context);
        }
        return values;
    }

    private GgufArray[] readArrays(int length, String context, int depth) throws GgufFormatException {
        GgufArray[] values = new GgufArray[length];
        for (int i = 0; i < length; i++) {
            values[i] = readArray(context, depth + 1);
        }
        return values;
    }
}
