package dev.cairn.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Small valid GGUF images made with {@link GgufWriter}, and the byte positions of their fields so tests can
 * corrupt exactly one thing.
 */
final class SampleGguf {

    static final String NAME = "sample.gguf";
    static final String DEEP = "test.deep";
    static final String EMBEDDING = "token_embd.weight";
    static final String Q0 = "blk.0.attn_q.weight";
    static final String Q1 = "blk.1.attn_q.weight";

    final byte[] bytes;

    private SampleGguf(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Every metadata shape the reader handles, three tensor types and an explicit general.alignment. */
    static SampleGguf standard() {
        GgufMetadata metadata = GgufMetadata.builder()
                .putString(GgufKeys.GENERAL_ARCHITECTURE, "llama")
                .putUint32(GgufKeys.GENERAL_ALIGNMENT, 32)
                .putUint32(GgufKeys.blockCount("llama"), 2)
                .putBool("test.key1", true)
                .putInt8("test.key2", (byte) -3)
                .putStringArray(GgufKeys.TOKENIZER_TOKENS, "a", "bc", "déf")
                .putArray(DEEP, nested(GgufArray.MAX_DEPTH))
                .putFloat32Array("test.scores", 0.5f, -1f)
                .build();
        return new SampleGguf(write(new GgufWriter().metadata(metadata)
                .tensor(EMBEDDING, GgmlType.F32, new long[] {8, 2}, pattern(64, 1))
                .tensor(Q0, GgmlType.Q8_0, new long[] {32, 2}, pattern(68, 2))
                .tensor(Q1, GgmlType.Q4_0, new long[] {32, 1}, pattern(18, 3))));
    }

    /** An array of arrays ... of an empty INT32 array, {@code depth} levels deep. */
    static GgufArray nested(int depth) {
        return depth == 1 ? GgufArray.ofInt32() : GgufArray.ofArrays(nested(depth - 1));
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static byte[] write(GgufWriter writer) {
        try {
            Path file = Files.createTempFile("cairn-sample", ".gguf");
            try {
                writer.write(file);
                return Files.readAllBytes(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] copy() {
        return bytes.clone();
    }

    /** Position of the only occurrence of {@code text} (UTF-8) in the file. */
    int find(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        int found = -1;
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                assertEquals(-1, found, "'" + text + "' occurs more than once");
                found = i;
            }
        }
        assertEquals(true, found >= 0, "'" + text + "' not found");
        return found;
    }

    /** Start of the key/value entry of {@code key}: its u64 key length. */
    int entry(String key) {
        return find(key) - 8;
    }

    int valueType(String key) {
        return find(key) + key.length();
    }

    int value(String key) {
        return valueType(key) + 4;
    }

    /** Start of the tensor info of {@code name}: its u64 name length. */
    int tensorInfo(String name) {
        return find(name) - 8;
    }

    int dimensionCount(String name) {
        return find(name) + name.length();
    }

    int dimension(String name, int index) {
        return dimensionCount(name) + 4 + 8 * index;
    }

    int tensorType(String name, int nDims) {
        return dimension(name, nDims);
    }

    int tensorOffset(String name, int nDims) {
        return tensorType(name, nDims) + 4;
    }

    /** Writes the low {@code width} bytes of {@code value} little-endian at {@code at}. */
    static void patch(byte[] b, int at, long value, int width) {
        for (int i = 0; i < width; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
