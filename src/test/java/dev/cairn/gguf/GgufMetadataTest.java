package dev.cairn.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Typed accessors: conversions that are safe happen, the rest fail naming the key. */
class GgufMetadataTest {

    private final GgufMetadata meta = GgufWriterTest.everyValueType();

    @Test
    void integerAccessorsAcceptEveryIntegerTypeAndReadUnsignedAsUnsigned() {
        assertEquals(255, meta.getInt("t.uint8"));
        assertEquals(-128, meta.getInt("t.int8"));
        assertEquals(65535, meta.getInt("t.uint16"));
        assertEquals(Short.MIN_VALUE, meta.getInt("t.int16", 0));
        assertEquals(4294967295L, meta.getLong("t.uint32"));
        assertEquals(Integer.MIN_VALUE, meta.getInt("t.int32"));
        assertEquals(Long.MIN_VALUE, meta.getLong("t.int64"));
        assertEquals(OptionalLong.of(255), meta.findLong("t.uint8"));
        assertEquals(OptionalLong.empty(), meta.findLong("missing"));
    }

    @Test
    void outOfRangeIntegersFailNamingTheKey() {
        assertFails(() -> meta.getInt("t.uint32"), "'t.uint32'", "4294967295 does not fit in an int");
        assertFails(() -> meta.getLong("t.uint64"), "'t.uint64'", "18446744073709551615");
        assertFails(() -> meta.getInt("t.int64", 0), "'t.int64'", "does not fit in an int");
    }

    @Test
    void wrongTypesFailNamingTheKeyAndTheType() {
        assertFails(() -> meta.getInt("t.string"), "'t.string'", "has type STRING, expected an integer");
        assertFails(() -> meta.getString("t.int32"), "'t.int32'", "has type INT32, expected a string");
        assertFails(() -> meta.getBoolean("t.uint8", false), "'t.uint8'", "expected a bool");
        assertFails(() -> meta.getFloat("t.true", 1f), "'t.true'", "expected a number");
        assertFails(() -> meta.getStringArray("a.int32"), "'a.int32'", "array of INT32, expected strings");
        assertFails(() -> meta.getIntArray("a.float32"), "'a.float32'", "expected integers");
        assertFails(() -> meta.getFloatArray("a.string"), "'a.string'", "expected numbers");
        assertFails(() -> meta.getIntArray("a.uint32"), "'a.uint32[0]'", "4294967295 does not fit in an int");
        assertFails(() -> meta.getArray("t.string"), "'t.string'", "expected an array");
    }

    @Test
    void missingKeysUseTheDefaultOrFail() {
        assertEquals(7, meta.getInt("missing", 7));
        assertEquals(2.5f, meta.getFloat("missing", 2.5f));
        assertTrue(meta.getBoolean("missing", true));
        assertEquals(Optional.empty(), meta.findString("missing"));
        assertEquals(Optional.empty(), meta.get("missing"));
        assertEquals(Optional.empty(), meta.type("missing"));
        assertFalse(meta.contains("missing"));
        assertFails(() -> meta.getString("missing"), "'missing'", "is missing");
        assertFails(() -> meta.getStringArray("missing"), "'missing'", "is missing");
    }

    @Test
    void floatsConvertFromEveryNumericType() {
        assertEquals(-0.0f, meta.getFloat("t.float32"));
        assertEquals((float) Math.PI, meta.getFloat("t.float64"));
        assertEquals(255f, meta.getFloat("t.uint8", 0f));
        assertTrue(Float.isNaN(meta.getFloat("t.nan")));
    }

    @Test
    void arraysConvertElementwise() {
        assertArrayEquals(new int[] {0, 1, 255}, meta.getIntArray("a.uint8"));
        assertArrayEquals(new int[] {1, -2, 3}, meta.getIntArray("a.int32"));
        assertArrayEquals(new float[] {1, -2, 3}, meta.getFloatArray("a.int32"));
        assertArrayEquals(new float[] {0.25f, Float.NEGATIVE_INFINITY}, meta.getFloatArray("a.float32"));
        assertArrayEquals(new String[] {"x", "", "ÿ€"}, meta.getStringArray("a.string"));
        assertEquals(0, meta.getStringArray("a.empty").length);
        assertEquals(GgufValueType.ARRAY, meta.getArray("a.nested").elementType());
        assertEquals(GgufArray.MAX_DEPTH, meta.getArray("a.deepest").depth());
    }

    @Test
    void returnedArraysAreCopies() {
        meta.getIntArray("a.int32")[0] = 99;
        ((int[]) meta.getArray("a.int32").values())[0] = 99;
        assertEquals(1, meta.getIntArray("a.int32")[0]);
    }

    @Test
    void keysKeepInsertionOrderAndPutReplacesInPlace() {
        GgufMetadata m = GgufMetadata.builder().putInt32("b", 1).putInt32("a", 2).putInt32("b", 3).build();
        assertEquals(List.of("b", "a"), List.copyOf(m.keys()));
        assertEquals(3, m.getInt("b"));
        assertEquals(List.of("a"), List.copyOf(m.toBuilder().remove("b").build().keys()));
    }

    @Test
    void builderAndArraysRejectValuesOfTheWrongShape() {
        assertThrows(IllegalArgumentException.class, () -> GgufMetadata.builder().put("k", GgufValueType.UINT32, 1L));
        assertThrows(IllegalArgumentException.class, () -> GgufArray.of(GgufValueType.INT32, new long[1]));
        assertThrows(IllegalArgumentException.class, () -> GgufArray.of(GgufValueType.INT32, "not an array"));
        assertThrows(NullPointerException.class, () -> GgufArray.ofStrings("a", null));
        assertThrows(IllegalArgumentException.class, () -> GgufArray.ofArrays(SampleGguf.nested(GgufArray.MAX_DEPTH)));
    }

    @Test
    void parsedMetadataNamesTheFileInErrors() throws GgufFormatException {
        GgufFile file = GgufFile.parse(MemorySegment.ofArray(SampleGguf.standard().bytes), "sample.gguf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> file.metadata().getInt(GgufKeys.GENERAL_ARCHITECTURE));
        assertTrue(e.getMessage().startsWith("sample.gguf: metadata key 'general.architecture'"), e.getMessage());
    }

    @Test
    void toStringShowsUnsignedValuesAndAbbreviatesArrays() {
        String text = meta.toString();
        assertTrue(text.contains("t.uint64: UINT64 = 18446744073709551615"), text);
        assertTrue(text.contains("a.string: ARRAY = STRING[3]{x, , ÿ€}"), text);
    }

    private static void assertFails(Executable call, String key, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains("metadata key " + key) && e.getMessage().contains(fragment),
                e.getMessage());
    }
}
