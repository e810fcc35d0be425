package dev.cairn.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads the real GGUF files of the shared fixtures (written by llama.cpp's tools). */
class GgufFixturesTest {

    static Stream<Path> fixtureFiles() throws IOException {
        List<Path> files = Stream.concat(ggufFilesIn("models"), ggufFilesIn("vocab")).toList();
        assertFalse(files.isEmpty(), "no .gguf fixtures found");
        return files.stream();
    }

    private static Stream<Path> ggufFilesIn(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.require(folder))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gguf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureFiles")
    void readsEveryFixture(Path path) throws IOException {
        try (GgufFile file = GgufFile.open(path)) {
            assertEquals(3, file.version());
            assertEquals(Files.size(path), file.fileSize());
            assertTrue(file.metadata().findString(GgufKeys.GENERAL_ARCHITECTURE).isPresent()
                    || file.metadata().contains(GgufKeys.TOKENIZER_MODEL));
            long previousEnd = 0;
            for (GgufTensorInfo t : file.tensors()) {
                assertEquals(0, t.offset() % file.alignment(), t.name());
                assertTrue(t.offset() >= previousEnd, t.name() + " overlaps the tensor before it");
                previousEnd = t.offset() + t.byteSize();
                MemorySegment data = file.tensorData(t);
                assertEquals(t.byteSize(), data.byteSize());
                data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
            }
            for (String key : file.metadata().keys()) {
                assertTrue(file.metadata().get(key).isPresent(), key);
            }
        }
    }

    @Test
    void stories260KSpotChecks() throws IOException {
        try (GgufFile file = GgufFile.open(Fixtures.model("stories260K.gguf"))) {
            GgufMetadata meta = file.metadata();
            assertEquals("llama", meta.getString(GgufKeys.GENERAL_ARCHITECTURE));
            assertEquals(5, meta.getInt(GgufKeys.blockCount("llama")));
            assertEquals(64, meta.getLong(GgufKeys.embeddingLength("llama")));
            assertEquals(512, meta.getStringArray(GgufKeys.TOKENIZER_TOKENS).length);
            assertEquals(512, meta.getFloatArray(GgufKeys.TOKENIZER_SCORES).length);
            assertEquals(512, meta.getIntArray(GgufKeys.TOKENIZER_TOKEN_TYPE).length);
            assertEquals(32, file.alignment());

            GgufTensorInfo embedding = file.tensor(GgufKeys.TOKEN_EMBEDDING).orElseThrow();
            assertArrayEquals(new long[] {64, 512}, embedding.dims());
            assertEquals(GgmlType.F32, embedding.type());
            assertEquals(64, embedding.rowLength());
            assertEquals(512, embedding.rows());
            assertEquals(64 * 512 * 4, embedding.byteSize());
            assertEquals(5, file.tensors().stream().filter(t -> t.name().endsWith(".attn_q.weight")).count());
        }
    }

    /** llama.cpp's layout is reproduced exactly, so the writer's output is as loadable as the original. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureFiles")
    void rewritesEveryFixtureByteForByte(Path path, @TempDir Path dir) throws IOException {
        Path copy = dir.resolve("copy.gguf");
        try (GgufFile original = GgufFile.open(path)) {
            GgufWriter.copyOf(original).write(copy);
            try (GgufFile rewritten = GgufFile.open(copy)) {
                assertEquals(original.metadata(), rewritten.metadata());
                assertEquals(List.copyOf(original.metadata().keys()), List.copyOf(rewritten.metadata().keys()));
                assertEquals(original.tensors(), rewritten.tensors());
            }
        }
        assertEquals(-1, Files.mismatch(path, copy), "first differing byte");
    }
}
