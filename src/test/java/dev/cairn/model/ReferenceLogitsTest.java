package dev.cairn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Backends;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture model, fed its reference tokens, must match the float64 reference logits (NMSE per row
 * at most 1e-6 for F32 models, 1e-4 for the others) and llama.cpp's (at most 1e-2), on the CPU and on
 * Vulkan (the first GPU, else lavapipe) alike.
 */
class ReferenceLogitsTest {

    /**
     * Every reference on the CPU, and every model on the Vulkan device the GPU tests use (once: the long
     * story is the same model as the short one).
     */
    static Stream<Arguments> referencesOnEveryBackend() throws IOException {
        List<String> names = references().toList();
        return Backends.names().flatMap(backend -> names.stream()
                .filter(name -> backend.equals("cpu") || !name.endsWith(".long"))
                .map(name -> Arguments.of(name, backend)));
    }

    private static LoadedModel open(Reference ref, String backend) throws IOException {
        return LoadedModel.open(ref.model(), Backends.resident(backend));
    }

    static Stream<String> references() throws IOException {
        return Reference.all();
    }

    /** With an F32 KV cache, as the references were computed. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("referencesOnEveryBackend")
    void logitsMatchTheReferences(String name, String backend) throws IOException {
        Reference ref = Reference.load(name);
        boolean f32 = ref.modelFile().equals("stories260K.gguf") || ref.modelFile().contains("-F32");
        double exactBound = f32 ? 1e-6 : 1e-4;
        float[][] exact = ref.exactLogits();
        float[][] llamaCpp = ref.llamaCppLogits();
        int[] tokens = ref.teacherForcedTokens();
        try (LoadedModel model = open(ref, backend)) {
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
            System.out.printf("%-28s %-6s rows %3d  worst NMSE vs exact %.3e, vs llama.cpp %.3e%n",
                    name, backend, tokens.length, worstExact, worstLlamaCpp);
        }
    }

    /** The default F16 KV cache rounds keys and values to half precision: still far inside llama.cpp's distance. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("referencesOnEveryBackend")
    void f16KvCacheStaysCloseToTheReference(String name, String backend) throws IOException {
        Reference ref = Reference.load(name);
        float[][] exact = ref.exactLogits();
        int[] tokens = ref.teacherForcedTokens();
        try (LoadedModel model = open(ref, backend)) {
            InferenceState state = model.newState(tokens.length);
            assertEquals(GgmlType.F16, state.kvCache().shape().type());
            double worst = 0;
            for (int row = 0; row < tokens.length; row++) {
                worst = Math.max(worst, Reference.nmse(model.transformer().forward(state, tokens[row]), exact[row]));
            }
            System.out.printf("%-28s %-6s F16 KV: worst NMSE vs exact %.3e%n", name, backend, worst);
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
