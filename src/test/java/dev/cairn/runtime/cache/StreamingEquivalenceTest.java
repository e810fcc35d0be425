package dev.cairn.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.model.InferenceState;
import dev.cairn.model.Transformer;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streaming computes exactly what resident weights compute: the same greedy tokens and bit-identical
 * logits, for every fixture model, every read mode, and caches from one layer to all layers.
 *
 * <p>Both sides are warmed up first. The Vector API's {@code reduceLanes(ADD)} adds lanes in another
 * order once C2 has compiled a kernel than before, so a row computed while a kernel is still interpreted
 * (or being recompiled because streaming showed it a new kind of memory segment) can differ in the last
 * bit from the same row computed later, streaming or not. Once compiled, the same bytes give the same
 * bits wherever they live; the scalar-kernel execution of this test has no such warm-up effect.
 */
class StreamingEquivalenceTest {

    private static final int PROMPT = 9;
    private static final int DECODE = 8;

    static Stream<String> models() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.require("models"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".gguf")).sorted().toList().stream();
        }
    }

    /** Logits after the prompt, then after each greedy token; the tokens chosen. */
    private record Run(List<float[]> logits, int[] tokens) {
    }

    private static Run run(LoadedModel model) {
        Transformer transformer = model.transformer();
        int vocab = model.config().vocabSize();
        InferenceState state = model.newState(PROMPT + DECODE + 1);
        int[] prompt = new int[PROMPT];
        for (int i = 0; i < PROMPT; i++) {
            prompt[i] = (1 + 37 * i) % vocab;
        }
        List<float[]> logits = new ArrayList<>();
        int[] tokens = new int[DECODE];
        float[] last = transformer.forwardPrompt(state, prompt).clone();
        logits.add(last);
        for (int i = 0; i < DECODE; i++) {
            tokens[i] = argmax(last);
            last = transformer.forward(state, tokens[i]).clone();
            logits.add(last);
        }
        return new Run(logits, tokens);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Runs both sides until their kernels are compiled with every kind of segment they will see. */
    private static void warmUp(LoadedModel resident, Path path, LoadOptions options) throws IOException {
        for (ReadMode mode : ReadMode.values()) {
            LoadOptions streaming = options.withResidency(Residency.STREAMING)
                    .withBudget(MemoryBudget.ofBytes(resident.plan().totalBytes())).withStreaming(1, 1, mode);
            try (LoadedModel model = LoadedModel.open(path, streaming)) {
                for (int i = 0; i < 3; i++) {
                    run(model);
                    run(resident);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void streamingMatchesResidentBitForBit(String name) throws IOException {
        Path path = Fixtures.model(name);
        LoadOptions resident = LoadOptions.resident(2).withContext(PROMPT + DECODE + 1, dev.cairn.tensor.quant.GgmlType.F16);
        Run expected;
        int layers;
        try (LoadedModel model = LoadedModel.open(path, resident)) {
            layers = model.config().layers();
            warmUp(model, path, resident);
            expected = run(model);
        }
        for (ReadMode mode : ReadMode.values()) {
            for (int slots = 1; slots <= layers; slots++) {
                long budget;
                try (LoadedModel probe = LoadedModel.open(path, resident);
                        var file = dev.cairn.gguf.GgufFile.open(path)) {
                    budget = probe.plan().budgetForSlots(file, mode, slots);
                }
                LoadOptions streaming = resident.withResidency(Residency.STREAMING)
                        .withBudget(MemoryBudget.ofBytes(budget)).withStreaming(1 + slots % 3, 1 + slots % 2, mode);
                try (LoadedModel model = LoadedModel.open(path, streaming)) {
                    assertEquals(Residency.STREAMING, model.residency());
                    assertEquals(budget, model.metrics().snapshot().budgetBytes(), "the budget reaches the metrics");
                    StreamingLayers cache = (StreamingLayers) model.transformer().layers();
                    assertEquals(slots, cache.plan().slots(), "slots for the budget");
                    Run actual = run(model);
                    String where = name + " " + mode + " " + slots + " slots";
                    assertArrayEquals(expected.tokens(), actual.tokens(), where);
                    for (int i = 0; i < expected.logits().size(); i++) {
                        assertArrayEquals(expected.logits().get(i), actual.logits().get(i), where + " step " + i);
                    }
                    // With room for every layer each is read once; otherwise the ring keeps evicting.
                    assertEquals(slots >= layers, model.metrics().snapshot().evictions() == 0, where);
                }
            }
        }
    }
}
