package dev.cairn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Reference;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Batched prompt processing computes what token-by-token evaluation computes (NMSE at most 1e-5 per row). */
class BatchedPromptTest {

    static java.util.stream.Stream<String> references() throws IOException {
        return ReferenceLogitsTest.references();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void batchedRowsEqualUnbatchedRows(String name) throws IOException {
        Reference ref = Reference.load(name);
        int[] tokens = ref.teacherForcedTokens();
        int vocab = ref.vocabSize();
        try (LoadedModel model = LoadedModel.open(ref.model(), 2)) {
            Transformer transformer = model.transformer();
            InferenceState single = model.newState(tokens.length + 1, GgmlType.F32);
            InferenceState batched = model.newState(tokens.length + 1, GgmlType.F32);
            // Uneven batches, so batch boundaries fall at different places than the maximum.
            int[] sizes = {1, 7, 64, 3, 64, 64, 64};
            int from = 0;
            double worst = 0;
            for (int i = 0; from < tokens.length; i++) {
                int count = Math.min(sizes[i % sizes.length], tokens.length - from);
                float[] rows = new float[count * vocab];
                transformer.forwardAll(batched, tokens, from, count, rows);
                for (int t = 0; t < count; t++) {
                    float[] expected = transformer.forward(single, tokens[from + t]).clone();
                    float[] actual = Arrays.copyOfRange(rows, t * vocab, (t + 1) * vocab);
                    worst = Math.max(worst, Reference.nmse(actual, expected));
                }
                assertEquals(0, Reference.nmse(batched.logits(), single.logits()), 1e-5, "last row of the batch in the state");
                from += count;
            }
            System.out.printf("%-28s batched vs unbatched: worst NMSE %.3e%n", name, worst);
            assertTrue(worst <= 1e-5, name + ": batched NMSE " + worst);
            assertEquals(single.position(), batched.position());
            // Decoding after a batched prompt continues exactly like after token-by-token evaluation.
            float[] next = transformer.forward(batched, tokens[0]);
            assertTrue(Reference.nmse(next, transformer.forward(single, tokens[0])) <= 1e-5);
        }
    }
}
