package dev.cairn.gguf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.tensor.quant.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the reader: whatever the bytes, parsing either succeeds or throws a
 * {@link GgufFormatException}. Anything else (index out of bounds, negative array size, out of memory,
 * arithmetic overflow, a hang) fails with the seed and iteration that reproduce it. Set
 * {@code -Dcairn.fuzz.seed=N} and {@code -Dcairn.fuzz.iterations=N} to explore further.
 */
class GgufFuzzTest {

    private static final long SEED = Long.getLong("cairn.fuzz.seed", 0x6775_6666L);
    private static final int IN_MEMORY_ITERATIONS = Integer.getInteger("cairn.fuzz.iterations", 20_000);
    private static final int FILE_ITERATIONS = 300;

    /** Values that make length, count, type and offset fields interesting. */
    private static final long[] EXTREMES = {
        0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 31, 32, 33, 63, 64, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF,
        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 1L << 32, 1L << 40, 1L << 61, 1L << 62,
        Long.MAX_VALUE, Long.MIN_VALUE, -1, -32
    };

    private static final List<byte[]> BASES = List.of(
            SampleGguf.standard().bytes,
            SampleGguf.write(new GgufWriter().metadata(GgufWriterTest.everyValueType()).alignment(8)
                    .tensor("a", GgmlType.Q4_K, new long[] {256, 1}, new byte[144])
                    .tensor("b", GgmlType.F16, new long[] {3}, new byte[6])),
            SampleGguf.write(new GgufWriter().alignment(1)
                    .tensor("x", GgmlType.BF16, new long[] {1, 1, 1, 1}, new byte[2])),
            SampleGguf.write(new GgufWriter()
                    .metadata(GgufMetadata.builder().putStringArray("tokenizer.ggml.tokens", "a", "b").build())));

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedImagesParseOrFailCleanly() {
        int parsed = 0;
        for (int i = 0; i < IN_MEMORY_ITERATIONS; i++) {
            byte[] bytes = mutant(i);
            try {
                exercise(GgufFile.parse(MemorySegment.ofArray(bytes), "fuzz.gguf"));
                parsed++;
            } catch (GgufFormatException expected) {
                assertTrue(expected.offset() >= 0 && expected.offset() <= bytes.length, expected.getMessage());
            } catch (Throwable t) {
                throw failure(i, t);
            }
        }
        assertTrue(parsed > IN_MEMORY_ITERATIONS / 50, "too few mutants parsed (" + parsed + "): mutations too blunt");
        assertTrue(parsed < IN_MEMORY_ITERATIONS / 2, "too many mutants parsed (" + parsed + "): mutations too weak");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedFilesOpenOrFailCleanly(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("fuzz.gguf");
        for (int i = 0; i < FILE_ITERATIONS; i++) {
            Files.write(path, mutant(-1 - i));
            try (GgufFile file = GgufFile.open(path)) {
                exercise(file);
            } catch (GgufFormatException expected) {
                assertTrue(expected.getMessage().startsWith(path + ": "), expected.getMessage());
            } catch (Throwable t) {
                throw failure(-1 - i, t);
            }
        }
    }

    private static AssertionError failure(int iteration, Throwable t) {
        return new AssertionError("seed " + SEED + " iteration " + iteration + ": " + t, t);
    }

    /** Touches everything a caller could: every value, every tensor's first and last byte. */
    private static void exercise(GgufFile file) {
        assertTrue(file.metadata().toString().length() >= 0);
        for (GgufTensorInfo t : file.tensors()) {
            MemorySegment data = file.tensorData(t);
            data.get(ValueLayout.JAVA_BYTE, 0);
            data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
            assertTrue(t.rows() * t.rowBytes() == t.byteSize(), t.toString());
        }
    }

    /** Mutant number {@code iteration}; the same seed and iteration always give the same bytes. */
    static byte[] mutant(int iteration) {
        Random random = new Random(SEED * 1_000_003L + iteration);
        byte[] bytes = BASES.get(random.nextInt(BASES.size()));
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            bytes = mutate(bytes, random);
        }
        return bytes;
    }

    private static byte[] mutate(byte[] b, Random random) {
        // Most structure lives in the first few hundred bytes; bias positions there.
        int at = random.nextInt(4) == 0 ? random.nextInt(b.length) : random.nextInt(Math.min(b.length, 700));
        return switch (random.nextInt(8)) {
            case 0 -> set(b, at, (byte) (b[at] ^ (1 << random.nextInt(8))));
            case 1 -> set(b, at, (byte) random.nextInt(256));
            case 2 -> insert(b, at, random.nextInt(1, 17), random);
            case 3 -> delete(b, at, random.nextInt(1, 17));
            case 4 -> Arrays.copyOf(b, at);
            case 5 -> overwrite(b, at, EXTREMES[random.nextInt(EXTREMES.length)], 4);
            case 6 -> overwrite(b, at, random.nextBoolean() ? EXTREMES[random.nextInt(EXTREMES.length)]
                    : random.nextLong(), 8);
            default -> duplicate(b, at, random);
        };
    }

    private static byte[] set(byte[] b, int at, byte value) {
        byte[] copy = b.clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] overwrite(byte[] b, int at, long value, int width) {
        byte[] copy = Arrays.copyOf(b, Math.max(b.length, at + width));
        SampleGguf.patch(copy, at, value, width);
        return copy;
    }

    private static byte[] insert(byte[] b, int at, int count, Random random) {
        byte[] extra = new byte[count];
        random.nextBytes(extra);
        return splice(b, at, 0, extra);
    }

    private static byte[] delete(byte[] b, int at, int count) {
        return splice(b, at, Math.min(count, b.length - at), new byte[0]);
    }

    /** Copies a chunk of the file over another place, repeating structures (keys, tensor infos). */
    private static byte[] duplicate(byte[] b, int at, Random random) {
        int from = random.nextInt(b.length);
        int length = Math.min(random.nextInt(1, 64), b.length - from);
        return splice(b, at, 0, Arrays.copyOfRange(b, from, from + length));
    }

    private static byte[] splice(byte[] b, int at, int removed, byte[] inserted) {
        byte[] out = new byte[b.length - removed + inserted.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(b, at + removed, out, at + inserted.length, b.length - at - removed);
        return out;
    }
}
