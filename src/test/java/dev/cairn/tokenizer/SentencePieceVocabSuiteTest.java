package dev.cairn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.gguf.GgufFile;
import dev.cairn.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** llama.cpp's SentencePiece test suite (Llama 2 vocabulary): exact ids, and round trips. */
class SentencePieceVocabSuiteTest {

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @Test
    void llamaSpmSuitePassesExactly() throws IOException {
        Path vocabFile = Fixtures.require("vocab/ggml-vocab-llama-spm.gguf");
        String[] inputs = Files.readString(Path.of(vocabFile + ".inp"), StandardCharsets.UTF_8).split(SEPARATOR, -1);
        List<String> outputs = Files.readAllLines(Path.of(vocabFile + ".out"), StandardCharsets.UTF_8);
        try (GgufFile file = GgufFile.open(vocabFile)) {
            Tokenizer tokenizer = Tokenizers.fromMetadata(file.metadata(), vocabFile);
            List<String> failures = new ArrayList<>();
            // The input file ends with a separator, so it splits into one more (empty) piece than there are cases.
            assertEquals(outputs.size() + 1, inputs.length, "one expected line per test string");
            for (int i = 0; i < outputs.size(); i++) {
                String expected = outputs.get(i).strip();
                int[] ids = tokenizer.encode(inputs[i], false);
                String actual = Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" "));
                if (!actual.equals(expected)) {
                    failures.add("case " + i + " " + quote(inputs[i]) + ": expected [" + expected + "] got [" + actual + "]");
                }
                ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                for (int id : ids) {
                    decoded.writeBytes(tokenizer.decode(id));
                }
                String roundTrip = decoded.toString(StandardCharsets.UTF_8);
                String withPrefix = " " + inputs[i];
                if (!inputs[i].isEmpty() && !roundTrip.equals(withPrefix)) {
                    failures.add("case " + i + " " + quote(inputs[i]) + ": round trip gave " + quote(roundTrip));
                }
            }
            assertEquals(List.of(), failures);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
