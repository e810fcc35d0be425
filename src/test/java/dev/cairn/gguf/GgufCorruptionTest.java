package dev.cairn.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-made corruptions of a valid file: each must be refused with the right byte offset. */
public class GgufCorruptionTest {

    private static final SampleGguf SAMPLE = SampleGguf.standard();

    public record Corruption(String name, byte[] bytes, long offset, String fragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Corruption> corruptions() {
        SampleGguf s = SAMPLE;
        String arch = GgufKeys.GENERAL_ARCHITECTURE;
        String align = GgufKeys.GENERAL_ALIGNMENT;
        String tokens = GgufKeys.TOKENIZER_TOKENS;
        int afterCounts = s.bytes.length - 24;
        List<Corruption> cases = new ArrayList<>();
        cases.add(new Corruption("empty file", new byte[0], 0, "the file is truncated: it ends while reading magic"));
        cases.add(edited("bad magic", b -> b[0] = 'X', 0, "not a GGUF file"));
        cases.add(patched("version 1", 4, 1, 4, 4, "version 1 is not supported"));
        cases.add(patched("version 99", 4, 99, 4, 4, "unsupported GGUF version 99"));
        cases.add(patched("big-endian version", 4, 0x03000000, 4, 4, "big-endian"));
        cases.add(patched("huge tensor count", 8, 1L << 40, 8, 8, "tensor count 1099511627776"));
        cases.add(patched("tensor count 2^64-1", 8, -1, 8, 8, "tensor count 18446744073709551615"));
        cases.add(patched("huge kv count", 16, 1L << 40, 8, 16, "key/value count 1099511627776"));
        cases.add(edited("counts that fit alone but not together", b -> {
            SampleGguf.patch(b, 8, afterCounts / GgufTensorInfoReader.MIN_INFO_BYTES, 8);
            SampleGguf.patch(b, 16, afterCounts / GgufMetadataReader.MIN_ENTRY_BYTES, 8);
        }, 8, "remaining bytes"));
        cases.add(patched("huge key length", 24, 1L << 50, 8, 24, "metadata key length"));
        cases.add(patched("huge string length", s.value(arch), Long.MAX_VALUE, 8, s.value(arch),
                "value of key 'general.architecture' length"));
        cases.add(patched("huge array length", s.value(tokens) + 4, 1L << 33, 8, s.value(tokens) + 4,
                "array length 8589934592"));
        int innermost = s.value(SampleGguf.DEEP) + 12 * (GgufArray.MAX_DEPTH - 1);
        cases.add(patched("arrays nested too deep", innermost, GgufValueType.ARRAY.id(), 4, innermost,
                "nested deeper than " + GgufArray.MAX_DEPTH));
        String blocks = GgufKeys.blockCount("llama");
        cases.add(patched("unknown value type", s.valueType(blocks), 13, 4, s.valueType(blocks),
                "value of key 'llama.block_count': unknown value type 13"));
        cases.add(patched("unknown array element type", s.value(tokens), 13, 4, s.value(tokens),
                "array element type 13"));
        cases.add(patched("bool 2", s.value("test.key1"), 2, 1, s.value("test.key1"), "bool must be 0 or 1"));
        int secondL = s.value(arch) + 8 + 1;
        cases.add(patched("bad UTF-8 in a value", secondL, 0xC3, 1, secondL, "invalid UTF-8"));
        int tensorName = s.find(SampleGguf.EMBEDDING);
        cases.add(patched("UTF-8 encoded surrogate in a tensor name", tensorName, 0x80A0ED, 3, tensorName,
                "invalid UTF-8 in tensor name"));
        cases.add(patched("duplicate key", s.find("test.key2") + 8, '1', 1, s.entry("test.key2"),
                "duplicate metadata key 'test.key1'"));
        cases.add(patched("duplicate tensor name", s.find(SampleGguf.Q1) + 4, '0', 1,
                s.tensorInfo(SampleGguf.Q1), "duplicate tensor name 'blk.0.attn_q.weight'"));
        int nDims = s.dimensionCount(SampleGguf.EMBEDDING);
        cases.add(patched("n_dims 0", nDims, 0, 4, nDims, "has 0 dimensions"));
        cases.add(patched("n_dims 5", nDims, 5, 4, nDims, "has 5 dimensions"));
        int dim1 = s.dimension(SampleGguf.EMBEDDING, 1);
        cases.add(patched("dimension 0", dim1, 0, 8, dim1, "dimension 1 is 0"));
        cases.add(patched("dimension 2^64-5", dim1, -5, 8, dim1, "dimension 1 is 18446744073709551611"));
        cases.add(patched("element count overflow", dim1, 1L << 61, 8, nDims, "64 bits"));
        int q0Dim0 = s.dimension(SampleGguf.Q0, 0);
        cases.add(patched("row not a whole number of blocks", q0Dim0, 16, 8, s.dimensionCount(SampleGguf.Q0),
                "not a multiple of the Q8_0 block size 32"));
        int q0Type = s.tensorType(SampleGguf.Q0, 2);
        cases.add(patched("unknown tensor type 99", q0Type, 99, 4, q0Type, "tensor type id 99, which is unknown"));
        cases.add(patched("removed tensor type 4 (Q4_2)", q0Type, 4, 4, q0Type, "tensor type id 4, which is unknown"));
        int q0Offset = s.tensorOffset(SampleGguf.Q0, 2);
        cases.add(patched("misaligned tensor offset", q0Offset, 65, 8, q0Offset,
                "data offset 65 is not a multiple of the alignment 32"));
        int q1Offset = s.tensorOffset(SampleGguf.Q1, 2);
        cases.add(patched("tensor offset beyond end of file", q1Offset, 1L << 40, 8, q1Offset, "holds only"));
        cases.add(patched("tensor offset beyond 2^63", q1Offset, -32, 8, q1Offset, "past the end of the file"));
        cases.add(patched("alignment 0", s.value(align), 0, 4, s.value(align), "general.alignment is UINT32 0"));
        cases.add(patched("alignment 48", s.value(align), 48, 4, s.value(align), "general.alignment is UINT32 48"));
        cases.add(patched("alignment 2^31", s.value(align), 1L << 31, 4, s.value(align), "UINT32 2147483648"));
        cases.add(patched("alignment of type FLOAT32", s.valueType(align), GgufValueType.FLOAT32.id(), 4,
                s.value(align), "general.alignment is FLOAT32"));
        return cases;
    }

    private static Corruption patched(String name, int at, long value, int width, long offset, String fragment) {
        return edited(name, b -> SampleGguf.patch(b, at, value, width), offset, fragment);
    }

    private static Corruption edited(String name, Consumer<byte[]> edit, long offset, String fragment) {
        byte[] bytes = SAMPLE.copy();
        edit.accept(bytes);
        return new Corruption(name, bytes, offset, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void isRejectedAtTheRightByte(Corruption c) {
        GgufFormatException e = reject(c.bytes());
        assertEquals(c.offset(), e.offset(), e.getMessage());
        assertTrue(e.problem().contains(c.fragment()), () -> "'" + c.fragment() + "' not in: " + e.getMessage());
    }

    @Test
    void theSampleItselfIsValid() throws GgufFormatException {
        GgufFile file = parse(SAMPLE.bytes);
        assertEquals(3, file.tensors().size());
        assertEquals(32, file.alignment());
    }

    @Test
    void version2IsAccepted() throws GgufFormatException {
        byte[] bytes = SAMPLE.copy();
        SampleGguf.patch(bytes, 4, 2, 4);
        assertEquals(2, parse(bytes).version());
    }

    /** Every cut inside the header is an unexpected end, found no later than the cut. */
    @Test
    void truncationAnywhereInTheHeaderIsRejected() throws GgufFormatException {
        long dataOffset = parse(SAMPLE.bytes).dataOffset();
        for (int length = 0; length <= dataOffset; length++) {
            GgufFormatException e = reject(Arrays.copyOf(SAMPLE.bytes, length));
            assertTrue(e.offset() >= 0 && e.offset() <= length, "cut at " + length + ": " + e.getMessage());
        }
    }

    /** A cut inside the tensor data leaves the header intact; the first tensor that no longer fits is named. */
    @Test
    void truncationInTheDataSectionIsRejected() throws GgufFormatException {
        GgufFile file = parse(SAMPLE.bytes);
        GgufTensorInfo last = file.tensors().getLast();
        long end = file.dataOffset() + last.offset() + last.byteSize();
        for (long length = file.dataOffset(); length < end; length += 5) {
            long dataSize = length - file.dataOffset();
            GgufTensorInfo cut = file.tensors().stream()
                    .filter(t -> t.offset() + t.byteSize() > dataSize).findFirst().orElseThrow();
            GgufFormatException e = reject(Arrays.copyOf(SAMPLE.bytes, (int) length));
            assertEquals(SAMPLE.tensorOffset(cut.name(), cut.nDims()), e.offset(), e.getMessage());
            assertTrue(e.problem().contains("tensor '" + cut.name() + "' needs " + cut.byteSize() + " bytes"),
                    e.getMessage());
        }
    }

    @Test
    void anEmptyFileOnDiskIsRejected(@TempDir Path dir) throws IOException {
        Path path = Files.createFile(dir.resolve("empty.gguf"));
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(path));
        assertEquals(path + ": the file is truncated: it ends while reading magic (4 bytes needed, 0 left) at byte 0", e.getMessage());
    }

    @Test
    void errorsFromOpenNameThePath(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("bad.gguf");
        byte[] bytes = SAMPLE.copy();
        SampleGguf.patch(bytes, 4, 1, 4);
        Files.write(path, bytes);
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(path));
        assertEquals(path.toString(), e.file());
        assertTrue(e.getMessage().startsWith(path + ": GGUF version 1 is not supported"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at byte 4"), e.getMessage());
    }

    private static GgufFile parse(byte[] bytes) throws GgufFormatException {
        return GgufFile.parse(MemorySegment.ofArray(bytes), SampleGguf.NAME);
    }

    private static GgufFormatException reject(byte[] bytes) {
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> parse(bytes));
        assertEquals(SampleGguf.NAME, e.file());
        assertEquals(SampleGguf.NAME + ": " + e.problem() + " at byte " + e.offset(), e.getMessage());
        return e;
    }
}
