package dev.cairn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * llama.cpp's tokenizer test suites ({@code .inp} strings, {@code .out} ids from llama.cpp, no BOS, special
 * tokens not parsed): exact ids, and byte-exact round trips.
 */
class VocabSuiteTest {

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"llama-spm", "phi-3", "llama-bpe", "qwen2", "gpt-2"})
    void suitePassesExactly(String vocab) throws IOException {
        Path vocabFile = VocabFixtures.file(vocab);
        String[] inputs = Files.readString(Path.of(vocabFile + ".inp"), StandardCharsets.UTF_8).split(SEPARATOR, -1);
        List<String> outputs = Files.readAllLines(Path.of(vocabFile + ".out"), StandardCharsets.UTF_8);
        Tokenizer tokenizer = VocabFixtures.tokenizer(vocab);
        // SentencePiece prepends a space to the text; decoding keeps it.
        String prefix = tokenizer.vocabulary().addSpacePrefix() ? " " : "";
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
            if (!inputs[i].isEmpty() && !Arrays.equals(decoded.toByteArray(), (prefix + inputs[i]).getBytes(StandardCharsets.UTF_8))) {
                failures.add("case " + i + " " + quote(inputs[i]) + ": round trip gave "
                        + quote(decoded.toString(StandardCharsets.UTF_8)));
            }
        }
        assertEquals(List.of(), failures);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
