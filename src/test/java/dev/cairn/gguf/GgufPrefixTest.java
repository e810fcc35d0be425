package dev.cairn.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a header from the first bytes of a file, as a download does before the rest has arrived. */
class GgufPrefixTest {

    private static Optional<GgufFile> parsePrefix(byte[] file, int prefixBytes) throws GgufFormatException {
        return GgufFile.parseHeader(MemorySegment.ofArray(Arrays.copyOf(file, prefixBytes)), file.length, Path.of("download.gguf"));
    }

    @Test
    void aPrefixHoldingTheHeaderReadsAsTheWholeFileDoes() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        try (GgufFile whole = GgufFile.parse(MemorySegment.ofArray(bytes), "whole")) {
            int header = (int) whole.dataOffset();
            GgufFile prefix = parsePrefix(bytes, header).orElseThrow();
            assertEquals(whole.tensors(), prefix.tensors());
            assertEquals(whole.metadata().keys(), prefix.metadata().keys());
            assertEquals(bytes.length, prefix.fileSize(), "the declared size, not the prefix's");
            assertEquals(header, prefix.dataOffset());
        }
    }

    @Test
    void aPrefixEndingInsideTheHeaderAsksForMore() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        for (int prefix : new int[] {0, 3, 24, 1000, 4000}) {
            assertTrue(parsePrefix(bytes, prefix).isEmpty(), prefix + " bytes");
        }
    }

    @Test
    void notGgufIsAnErrorFromTheFirstBytes() {
        byte[] html = "<!DOCTYPE html><html>".getBytes(StandardCharsets.US_ASCII);
        byte[] file = Arrays.copyOf(html, 1 << 20);
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> parsePrefix(file, html.length));
        assertTrue(e.getMessage().contains("not a GGUF file"), e.getMessage());
    }

    @Test
    void tensorsAreCheckedAgainstTheDeclaredSize() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        int header;
        try (GgufFile whole = GgufFile.parse(MemorySegment.ofArray(bytes), "whole")) {
            header = (int) whole.dataOffset();
        }
        GgufFormatException e = assertThrows(GgufFormatException.class,
                () -> GgufFile.parseHeader(MemorySegment.ofArray(Arrays.copyOf(bytes, header)), header + 10, Path.of("short.gguf")));
        assertTrue(e.getMessage().contains("data section"), e.getMessage());
    }
}
