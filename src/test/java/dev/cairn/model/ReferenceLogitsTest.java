package dev.cairn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture model, fed its reference tokens, must match the float64 reference logits (NMSE per row
 * at most 1e-6 for F32 models, 1e-4 for the others) and llama.cpp's (at most 1e-2).
 */
class ReferenceLogitsTest {

    static Stream<String> references() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(Fixtures.require("reference"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    /** With an F32 KV cache, as the references were computed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void logitsMatchTheReferences(String name) throws IOException {
        Reference ref = Reference.load(name);
        boolean f32 = ref.modelFile().equals("stories260K.gguf") || ref.modelFile().contains("-F32");
        double exactBound = f32 ? 1e-6 : 1e-4;
        float[][] exact = ref.exactLogits();
        float[][] llamaCpp = ref.llamaCppLogits();
        int[] tokens = ref.teacherForcedTokens();
        try (LoadedModel model = LoadedModel.open(ref.model(), 2)) {
            InferenceState state = model.newState(tokens.length, GgmlType.F32);
            double worstExact = 0;
            double worstLlamaCpp = 0;
            for (int row = 0; row < tokens.length; row++) {
                float[] logits = model.transformer().forward(state, tokens[row]);
                double e = Reference.nmse(logits, exact[row]);
                double l = Reference.nmse(logits, llamaCpp[row]);
                worstExact = Math.max(worstExact, e);
                worstLlamaCpp = Math.max(worstLlamaCpp, l);
                assertTrue(e <= exactBound, name + " row " + row + ": NMSE vs exact " + e + " > " + exactBound);
                assertTrue(l <= 1e-2, name + " row " + row + ": NMSE vs llama.cpp " + l + " > 1e-2");
            }
            System.out.printf("%-28s rows %3d  worst NMSE vs exact %.3e, vs llama.cpp %.3e%n",
                    name, tokens.length, worstExact, worstLlamaCpp);
        }
    }

    /** The default F16 KV cache rounds keys and values to half precision: still far inside llama.cpp's distance. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void f16KvCacheStaysCloseToTheReference(String name) throws IOException {
        Reference ref = Reference.load(name);
        float[][] exact = ref.exactLogits();
        int[] tokens = ref.teacherForcedTokens();
        try (LoadedModel model = LoadedModel.open(ref.model(), 2)) {
            InferenceState state = model.newState(tokens.length);
            assertEquals(GgmlType.F16, state.kvCache().shape().type());
            double worst = 0;
            for (int row = 0; row < tokens.length; row++) {
                worst = Math.max(worst, Reference.nmse(model.transformer().forward(state, tokens[row]), exact[row]));
            }
            System.out.printf("%-28s F16 KV: worst NMSE vs exact %.3e%n", name, worst);
            assertTrue(worst <= 1e-4, name + ": F16 KV cache NMSE " + worst);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void promptTokenizationMatchesLlamaCpp(String name) throws IOException {
        Reference ref = Reference.load(name);
        String prompt = name.endsWith(".long") ? "Once upon a time" : "Once upon a time, there was a little robot who";
        try (LoadedModel model = LoadedModel.open(ref.model(), 1)) {
            assertArrayEquals(ref.promptTokens(), model.tokenizer().encode(prompt, true));
        }
    }
}
