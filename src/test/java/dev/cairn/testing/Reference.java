package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One reference run from {@code fixtures/reference}: llama.cpp's tokenization and greedy tokens for a
 * model, and the logits rows llama.cpp and the float64 reference computed for them.
 */
public record Reference(String name, String modelFile, int vocabSize, int[] promptTokens, int[] generatedTokens,
                        int logitRows, byte[] generatedBytes) {

    /** The name of every reference of the fixtures, sorted. */
    public static Stream<String> all() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.require("reference"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList().stream();
        }
    }

    /** Every reference but the long story (the same model as the short one): one per fixture model. */
    public static Stream<String> names() throws IOException {
        return all().filter(name -> !name.endsWith(".long"));
    }

    /** Loads {@code reference/<name>.json}. */
    public static Reference load(String name) {
        Path json = Fixtures.reference(name + ".json");
        try {
            JsonNode node = new ObjectMapper().readTree(json.toFile());
            return new Reference(name, node.get("model").asText(), node.get("n_vocab").asInt(),
                    ints(node.get("prompt_tokens")), ints(node.get("generated_tokens")),
                    node.get("logit_rows").asInt(),
                    node.has("generated_utf8_hex") ? HexFormat.of().parseHex(node.get("generated_utf8_hex").asText())
                            : new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(JsonNode array) {
        return IntStream.range(0, array.size()).map(i -> array.get(i).asInt()).toArray();
    }

    public Path model() {
        return Fixtures.model(modelFile);
    }

    /** The teacher-forced input: prompt then all generated tokens but the last, one logits row each. */
    public int[] teacherForcedTokens() {
        return IntStream.concat(IntStream.of(promptTokens), IntStream.of(generatedTokens).limit(generatedTokens.length - 1L))
                .limit(logitRows).toArray();
    }

    /** llama.cpp's logits, {@code (logit_rows, n_vocab)}. */
    public float[][] llamaCppLogits() {
        return readRows(Fixtures.reference(name + ".logits.f32"));
    }

    /** The float64 reference computed from exactly dequantized weights, {@code (logit_rows, n_vocab)}. */
    public float[][] exactLogits() {
        return readRows(Fixtures.reference(name + ".exact.logits.f32"));
    }

    private float[][] readRows(Path file) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.remaining() != (long) logitRows * vocabSize * Float.BYTES) {
                throw new IllegalStateException(file + " has " + bytes.remaining() + " bytes, expected "
                        + logitRows + " x " + vocabSize + " floats");
            }
            float[][] rows = new float[logitRows][vocabSize];
            for (float[] row : rows) {
                bytes.asFloatBuffer().get(row);
                bytes.position(bytes.position() + vocabSize * Float.BYTES);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Normalised mean squared error {@code sum((a-b)^2) / sum(b^2)}, in double. */
    public static double nmse(float[] actual, float[] expected) {
        double err = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            err += d * d;
            norm += (double) expected[i] * expected[i];
        }
        return err / norm;
    }
}
