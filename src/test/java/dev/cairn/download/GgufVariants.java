package dev.cairn.download;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufValueType;
import dev.cairn.gguf.GgufWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real model file with metadata changed: what a download's header check must refuse. */
final class GgufVariants {

    private GgufVariants() {
    }

    /** {@code model} claiming to be of {@code architecture}. */
    static byte[] withArchitecture(byte[] model, String architecture) {
        return withMetadata(model, Map.of(GgufKeys.GENERAL_ARCHITECTURE, architecture));
    }

    /** {@code model} with string metadata {@code changes}, everything else as it was. */
    static byte[] withMetadata(byte[] model, Map<String, Object> changes) {
        try (GgufFile file = GgufFile.parse(MemorySegment.ofArray(model), "model")) {
            GgufMetadata.Builder metadata = GgufMetadata.builder();
            for (String key : file.metadata().keys()) {
                metadata.put(key, file.metadata().type(key).orElseThrow(), file.metadata().get(key).orElseThrow());
            }
            changes.forEach((key, value) -> metadata.put(key, value instanceof String ? GgufValueType.STRING
                    : GgufValueType.UINT16, value));
            Path temporary = Files.createTempFile("cairn-variant", ".gguf");
            try {
                GgufWriter.copyOf(file).metadata(metadata.build()).write(temporary);
                return Files.readAllBytes(temporary);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
