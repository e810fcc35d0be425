package dev.cairn.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Write, read back, compare. */
class GgufWriterTest {

    @TempDir
    Path dir;

    /** One key per scalar type (with edge values), one array per element type, nested and empty arrays. */
    static GgufMetadata everyValueType() {
        return GgufMetadata.builder()
                .putString(GgufKeys.GENERAL_ARCHITECTURE, "llama")
                .putUint8("t.uint8", (byte) 0xFF)
                .putInt8("t.int8", Byte.MIN_VALUE)
                .putUint16("t.uint16", (short) 0xFFFF)
                .putInt16("t.int16", Short.MIN_VALUE)
                .putUint32("t.uint32", -1)
                .putInt32("t.int32", Integer.MIN_VALUE)
                .putUint64("t.uint64", -1L)
                .putInt64("t.int64", Long.MIN_VALUE)
                .putFloat32("t.float32", -0.0f)
                .putFloat32("t.nan", Float.NaN)
                .putFloat64("t.float64", Math.PI)
                .putBool("t.true", true)
                .putBool("t.false", false)
                .putString("t.string", "héllo wörld \uD83D\uDE00 \u0000 end")
                .putString("t.empty", "")
                .putArray("a.uint8", GgufArray.of(GgufValueType.UINT8, new byte[] {0, 1, (byte) 0xFF}))
                .putArray("a.int8", GgufArray.of(GgufValueType.INT8, new byte[] {-1, 2}))
                .putArray("a.uint16", GgufArray.of(GgufValueType.UINT16, new short[] {(short) 0xFFFF}))
                .putArray("a.int16", GgufArray.of(GgufValueType.INT16, new short[] {-3, 4}))
                .putArray("a.uint32", GgufArray.of(GgufValueType.UINT32, new int[] {-1, 7}))
                .putInt32Array("a.int32", 1, -2, 3)
                .putArray("a.uint64", GgufArray.of(GgufValueType.UINT64, new long[] {-1L}))
                .putArray("a.int64", GgufArray.ofInt64(Long.MIN_VALUE, 0, Long.MAX_VALUE))
                .putFloat32Array("a.float32", 0.25f, Float.NEGATIVE_INFINITY)
                .putArray("a.float64", GgufArray.of(GgufValueType.FLOAT64, new double[] {1e300, -0.0}))
                .putArray("a.bool", GgufArray.of(GgufValueType.BOOL, new boolean[] {true, false, true}))
                .putStringArray("a.string", "x", "", "ÿ€")
                .putStringArray("a.empty")
                .putArray("a.nested", GgufArray.ofArrays(
                        GgufArray.ofStrings("p", "q"),
                        GgufArray.ofArrays(GgufArray.ofFloat32(1.5f), GgufArray.ofInt32()),
                        GgufArray.of(GgufValueType.BOOL, new boolean[] {false})))
                .putArray("a.deepest", SampleGguf.nested(GgufArray.MAX_DEPTH))
                .build();
    }

    private record Expected(String name, GgmlType type, long[] dims, byte[] bytes) {
    }

    private static List<Expected> tensors(Random random) {
        List<Expected> tensors = new ArrayList<>();
        Map<GgmlType, long[]> shapes = new LinkedHashMap<>();
        shapes.put(GgmlType.F32, new long[] {7, 3});
        shapes.put(GgmlType.F16, new long[] {5});
        shapes.put(GgmlType.BF16, new long[] {3, 1, 2});
        shapes.put(GgmlType.Q4_0, new long[] {64, 3});
        shapes.put(GgmlType.Q8_0, new long[] {32, 2, 1, 2});
        shapes.put(GgmlType.Q4_K, new long[] {256, 2});
        shapes.put(GgmlType.IQ4_XS, new long[] {512});
        shapes.forEach((type, dims) -> {
            byte[] bytes = new byte[(int) GgufTensorInfo.byteSizeOf(type, dims)];
            random.nextBytes(bytes);
            tensors.add(new Expected("t." + type.name().toLowerCase(), type, dims, bytes));
        });
        return tensors;
    }

    /** Adds the tensors in turn as byte[], MemorySegment and TensorSource. */
    private static GgufWriter withTensors(GgufWriter writer, List<Expected> tensors) {
        for (int i = 0; i < tensors.size(); i++) {
            Expected t = tensors.get(i);
            switch (i % 3) {
                case 0 -> writer.tensor(t.name(), t.type(), t.dims(), t.bytes());
                case 1 -> writer.tensor(t.name(), t.type(), t.dims(), MemorySegment.ofArray(t.bytes()));
                default -> writer.tensor(t.name(), t.type(), t.dims(),
                        (firstRow, target) -> MemorySegment.copy(MemorySegment.ofArray(t.bytes()),
                                firstRow * t.type().bytesFor(t.dims()[0]), target, 0, target.byteSize()));
            }
        }
        return writer;
    }

    @ParameterizedTest(name = "alignment {0}")
    @ValueSource(ints = {0, 1, 8, 32, 64, 4096})
    void roundTripsEveryValueTypeAndTensorType(int alignment) throws IOException {
        List<Expected> tensors = tensors(new Random(alignment));
        GgufWriter writer = withTensors(new GgufWriter().metadata(everyValueType()), tensors);
        if (alignment > 0) {
            writer.alignment(alignment);
        }
        Path path = dir.resolve("round-trip.gguf");
        writer.write(path);

        int expectedAlignment = alignment > 0 ? alignment : 32;
        try (GgufFile file = GgufFile.open(path)) {
            assertEquals(3, file.version());
            assertEquals(expectedAlignment, file.alignment());
            GgufMetadata expected = alignment > 0
                    ? everyValueType().toBuilder().putUint32(GgufKeys.GENERAL_ALIGNMENT, alignment).build()
                    : everyValueType();
            assertEquals(expected, file.metadata());
            assertEquals(List.copyOf(expected.keys()), List.copyOf(file.metadata().keys()));
            for (String key : expected.keys()) {
                assertEquals(expected.type(key), file.metadata().type(key), key);
            }
            assertEquals(tensors.size(), file.tensors().size());
            for (int i = 0; i < tensors.size(); i++) {
                Expected want = tensors.get(i);
                GgufTensorInfo got = file.tensors().get(i);
                assertEquals(want.name(), got.name());
                assertEquals(want.type(), got.type());
                assertArrayEquals(want.dims(), got.dims());
                assertEquals(0, got.offset() % expectedAlignment);
                assertArrayEquals(want.bytes(), file.tensorData(got).toArray(ValueLayout.JAVA_BYTE), want.name());
            }
            assertPaddingIsZero(file);
        }
    }

    /** Every byte of the data section that belongs to no tensor, and the header padding, is zero. */
    private static void assertPaddingIsZero(GgufFile file) {
        MemorySegment all = file.segment();
        boolean[] used = new boolean[(int) file.fileSize()];
        for (GgufTensorInfo t : file.tensors()) {
            for (long i = 0; i < t.byteSize(); i++) {
                used[(int) (file.dataOffset() + t.offset() + i)] = true;
            }
        }
        GgufTensorInfo last = file.tensors().getLast();
        assertEquals(GgufHeaderReader.alignUp(file.dataOffset() + last.offset() + last.byteSize(), file.alignment()),
                file.fileSize(), "the last tensor is padded like llama.cpp does");
        for (int i = headerEnd(file); i < used.length; i++) {
            if (!used[i]) {
                assertEquals(0, all.get(ValueLayout.JAVA_BYTE, i), "padding byte " + i);
            }
        }
    }

    /** End of the last tensor info: re-read from the file rather than trusting the parser. */
    private static int headerEnd(GgufFile file) {
        String lastName = file.tensors().getLast().name();
        byte[] bytes = file.segment().toArray(ValueLayout.JAVA_BYTE);
        byte[] name = lastName.getBytes(StandardCharsets.UTF_8);
        for (int i = (int) file.dataOffset() - name.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                return i + name.length + 4 + 8 * file.tensors().getLast().nDims() + 4 + 8;
            }
        }
        throw new AssertionError("last tensor name not found");
    }

    @Test
    void generalAlignmentInTheMetadataIsHonoured() throws IOException {
        GgufMetadata metadata = GgufMetadata.builder().putUint32(GgufKeys.GENERAL_ALIGNMENT, 128).build();
        Path path = dir.resolve("a128.gguf");
        withTensors(new GgufWriter().metadata(metadata), tensors(new Random(1))).write(path);
        try (GgufFile file = GgufFile.open(path)) {
            assertEquals(128, file.alignment());
            assertEquals(0, file.dataOffset() % 128);
            file.tensors().forEach(t -> assertEquals(0, t.offset() % 128, t.name()));
        }
    }

    /**
     * Tensor bytes reach the file in whole 2 MiB pieces at 2 MiB offsets (the first from the data's start,
     * the last to the data's end), so the page cache can hold a fresh file in 2 MiB folios; a buffer under
     * 4 MiB writes pieces of half its highest power of two. Either way the file is the same.
     */
    @Test
    void writesTensorDataInWholeAlignedPieces() throws IOException {
        byte[][] data = new byte[3][];
        Random random = new Random(5);
        for (int i = 0; i < data.length; i++) {
            data[i] = new byte[4 * (1000 + i) * 701];
            random.nextBytes(data[i]);
        }
        List<long[]> pieces = new ArrayList<>();
        List<long[]> smallPieces = new ArrayList<>();
        Path large = dir.resolve("pieces.gguf");
        Path small = dir.resolve("small-pieces.gguf");
        withF32Tensors(new GgufWriter().observeWrites((at, n) -> pieces.add(new long[] {at, at + n})), data).write(large);
        withF32Tensors(new GgufWriter().bufferBytes(100_000)
                .observeWrites((at, n) -> smallPieces.add(new long[] {at, at + n})), data).write(small);
        assertEquals(-1, Files.mismatch(large, small));
        try (GgufFile file = GgufFile.open(large)) {
            GgufTensorInfo last = file.tensors().getLast();
            long dataEnd = file.dataOffset() + last.offset() + last.byteSize(); // the padding after it is a hole
            assertAligned(pieces, GgufWriter.PIECE, file.dataOffset(), dataEnd);
            assertAligned(smallPieces, 1 << 15, file.dataOffset(), dataEnd);
            for (int i = 0; i < data.length; i++) {
                assertArrayEquals(data[i], file.tensorData(file.tensors().get(i)).toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    /** Padding wider than a piece (64 KiB alignment, 32 KiB pieces) is left as a hole between the writes. */
    @Test
    void paddingWiderThanAPieceIsSkipped() throws IOException {
        byte[][] data = {new byte[4 * 1000 * 17], new byte[4 * 1001 * 701]};
        new Random(6).nextBytes(data[0]);
        new Random(7).nextBytes(data[1]);
        GgufMetadata metadata = GgufMetadata.builder().putUint32(GgufKeys.GENERAL_ALIGNMENT, 1 << 16).build();
        List<long[]> writes = new ArrayList<>();
        Path small = dir.resolve("wide-padding.gguf");
        Path large = dir.resolve("wide-padding-large-buffer.gguf");
        withF32Tensors(new GgufWriter().metadata(metadata).bufferBytes(100_000)
                .observeWrites((at, n) -> writes.add(new long[] {at, at + n})), data).write(small);
        withF32Tensors(new GgufWriter().metadata(metadata), data).write(large);
        assertEquals(-1, Files.mismatch(small, large));
        try (GgufFile file = GgufFile.open(small)) {
            long firstEnd = file.dataOffset() + data[0].length;
            long secondStart = file.dataOffset() + file.tensors().get(1).offset();
            assertTrue(secondStart - firstEnd > 1 << 15, "the padding is wider than a piece");
            assertTrue(writes.stream().noneMatch(w -> w[0] < secondStart && w[1] > firstEnd), "nothing written in the padding");
            for (int i = 0; i < data.length; i++) {
                assertArrayEquals(data[i], file.tensorData(file.tensors().get(i)).toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    private static GgufWriter withF32Tensors(GgufWriter writer, byte[][] data) {
        for (int i = 0; i < data.length; i++) {
            writer.tensor("t" + i, GgmlType.F32, new long[] {1000 + i, data[i].length / 4 / (1000 + i)}, data[i]);
        }
        return writer;
    }

    /** The writes cover [from, end) back to back, each starting and ending on a multiple of piece in between. */
    private static void assertAligned(List<long[]> writes, long piece, long from, long end) {
        assertTrue(writes.size() > 2, writes.size() + " writes");
        long next = from;
        for (long[] w : writes) {
            assertEquals(next, w[0], "writes follow each other");
            assertTrue(w[1] == end || w[1] % piece == 0, "a write ends at " + w[1]);
            next = w[1];
        }
        assertEquals(end, next);
    }

    @Test
    void metadataOnlyFileHasNoPadding() throws IOException {
        Path path = dir.resolve("vocab.gguf");
        new GgufWriter().metadata(GgufMetadata.builder().putString("k", "abc").build()).write(path);
        assertEquals(24 + 8 + 1 + 4 + 8 + 3, Files.size(path));
        try (GgufFile file = GgufFile.open(path)) {
            assertEquals("abc", file.metadata().getString("k"));
            assertTrue(file.tensors().isEmpty());
        }
    }

    @Test
    void rejectsBadTensorsWhenAdded() {
        GgufWriter writer = new GgufWriter().tensor("x", GgmlType.F32, new long[] {2}, new byte[8]);
        assertRejected(() -> writer.tensor("x", GgmlType.F32, new long[] {2}, new byte[8]), "duplicate");
        assertRejected(() -> writer.tensor("y", GgmlType.F32, new long[] {}, new byte[0]), "0 dimensions");
        assertRejected(() -> writer.tensor("y", GgmlType.F32, new long[] {1, 1, 1, 1, 1}, new byte[4]),
                "5 dimensions");
        assertRejected(() -> writer.tensor("y", GgmlType.F32, new long[] {0}, new byte[0]), "dimension 0 is 0");
        assertRejected(() -> writer.tensor("y", GgmlType.Q8_0, new long[] {16}, new byte[17]), "block size");
        assertRejected(() -> writer.tensor("y", GgmlType.F32, new long[] {1L << 40, 1L << 40}, (row, t) -> { }), "64 bits");
        assertRejected(() -> writer.tensor("y", GgmlType.F32, new long[] {3}, new byte[8]), "8 bytes given, a F32");
        writer.tensor("y", GgmlType.F32, new long[] {2}, new byte[8]);
    }

    private static void assertRejected(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void rejectsBadAlignment() {
        assertThrows(IllegalArgumentException.class, () -> new GgufWriter().alignment(0));
        assertThrows(IllegalArgumentException.class, () -> new GgufWriter().alignment(48));
        GgufWriter writer = new GgufWriter()
                .metadata(GgufMetadata.builder().putString(GgufKeys.GENERAL_ALIGNMENT, "32").build());
        assertThrows(IllegalArgumentException.class, () -> writer.write(dir.resolve("bad.gguf")));
    }

    @Test
    void refusesStringsThatAreNotUnicode() {
        GgufWriter writer = new GgufWriter().metadata(GgufMetadata.builder().putString("k", "\uD800").build());
        assertThrows(IllegalArgumentException.class, () -> writer.write(dir.resolve("bad.gguf")));
        assertFalse(Files.exists(dir.resolve("bad.gguf")));
    }

    @Test
    void aFailingSourceLeavesNoFileBehind() throws IOException {
        Path path = dir.resolve("model.gguf");
        Files.writeString(path, "previous");
        GgufWriter writer = new GgufWriter().tensor("x", GgmlType.F32, new long[] {4}, (firstRow, target) -> {
            throw new IOException("generator failed");
        });
        assertThrows(IOException.class, () -> writer.write(path));
        assertEquals("previous", Files.readString(path));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(path), files.toList());
        }
    }

    /**
     * Offsets and sizes are longs end to end: a 5 GB file is written and read without a ByteBuffer. Its
     * buffers of zeros are left as holes (the file is sparse), so the test writes almost nothing.
     */
    @Test
    void filesLargerThan4GbWork() throws IOException {
        long rows = 5L * 1024 * 1024 * 1024 / (1024 * 4) + 3;
        long[] dims = {1024, rows};
        long size = GgufTensorInfo.byteSizeOf(GgmlType.F32, dims);
        Path path = dir.resolve("big.gguf");
        try {
            new GgufWriter()
                    .tensor("small", GgmlType.F32, new long[] {4}, new byte[16])
                    .tensor("big", GgmlType.F32, dims, (firstRow, target) -> {
                        target.fill((byte) 0);
                        if (firstRow == 0) {
                            target.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x11);
                        }
                        if (firstRow + target.byteSize() / (1024 * 4) == rows) {
                            target.set(ValueLayout.JAVA_BYTE, target.byteSize() - 1, (byte) 0x22);
                        }
                    })
                    .write(path);
            try (GgufFile file = GgufFile.open(path)) {
                assertTrue(file.fileSize() > 5L << 30);
                GgufTensorInfo big = file.tensor("big").orElseThrow();
                assertEquals(size, big.byteSize());
                MemorySegment data = file.tensorData(big);
                assertEquals(0x11, data.get(ValueLayout.JAVA_BYTE, 0));
                assertEquals(0x22, data.get(ValueLayout.JAVA_BYTE, size - 1));
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @Test
    void closedFilesRefuseAccessInsteadOfCrashing() throws IOException {
        Path path = dir.resolve("closed.gguf");
        new GgufWriter().tensor("x", GgmlType.F32, new long[] {4}, new byte[16]).write(path);
        GgufFile file = GgufFile.open(path);
        GgufTensorInfo x = file.tensor("x").orElseThrow();
        MemorySegment data = file.tensorData(x);
        file.close();
        file.close();
        assertThrows(IllegalStateException.class, () -> data.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void tensorDataRejectsInfosFromOtherFiles() throws IOException {
        Path path = dir.resolve("one.gguf");
        new GgufWriter().tensor("x", GgmlType.F32, new long[] {4}, new byte[16]).write(path);
        try (GgufFile file = GgufFile.open(path)) {
            GgufTensorInfo foreign = new GgufTensorInfo("x", new long[] {8}, GgmlType.F32, 0, 32);
            assertThrows(IllegalArgumentException.class, () -> file.tensorData(foreign));
            assertEquals(16, file.tensorData(file.tensor("x").orElseThrow()).byteSize());
        }
    }
}
