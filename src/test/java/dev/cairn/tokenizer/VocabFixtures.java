package dev.cairn.tokenizer;

import dev.cairn.gguf.GgufFile;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tokenizers of the vocabulary-only fixtures ({@code vocab/ggml-vocab-NAME.gguf}), each loaded once per test run. */
final class VocabFixtures {

    private static final Map<String, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private VocabFixtures() {
    }

    static Path file(String name) {
        return Fixtures.require("vocab/ggml-vocab-" + name + ".gguf");
    }

    static Tokenizer tokenizer(String name) {
        Path file = file(name);
        return LOADED.computeIfAbsent(name, n -> load(file));
    }

    private static Tokenizer load(Path path) {
        try (GgufFile file = GgufFile.open(path)) {
            return Tokenizers.fromMetadata(file.metadata(), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
