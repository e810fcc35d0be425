package dev.cairn.model.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.model.InferenceState;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Reference;
import dev.cairn.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticModelTest {

    @TempDir
    Path tmp;

    private Path synth(String type) throws IOException {
        Path out = tmp.resolve("tiny-" + type + ".gguf");
        new SyntheticModel(ModelShape.TEST_TINY, QuantMix.byName(type).orElseThrow(), 5).write(out);
        return out;
    }

    @Test
    void q4KmFollowsLlamaCppsPerTensorChoices() throws IOException {
        try (GgufFile file = GgufFile.open(synth("Q4_K_M"))) {
            Map<String, GgmlType> types = new TreeMap<>();
            file.tensors().forEach(t -> types.put(t.name(), t.type()));
            assertEquals(GgmlType.Q6_K, types.get(GgufKeys.OUTPUT));
            assertEquals(GgmlType.Q4_K, types.get(GgufKeys.TOKEN_EMBEDDING));
            assertEquals(GgmlType.F32, types.get(GgufKeys.OUTPUT_NORM));
            // Two layers: layer 0 is in the first eighth of none, (0 - 0) % 3 != 2; layer 1 is in the last eighth.
            assertEquals(GgmlType.Q4_K, types.get(GgufKeys.layer(0, GgufKeys.ATTN_V)));
            assertEquals(GgmlType.Q6_K, types.get(GgufKeys.layer(1, GgufKeys.ATTN_V)));
            assertEquals(GgmlType.Q6_K, types.get(GgufKeys.layer(1, GgufKeys.FFN_DOWN)));
            assertEquals(GgmlType.Q4_K, types.get(GgufKeys.layer(1, GgufKeys.ATTN_Q)));
            assertEquals(15, file.metadata().getInt(GgufKeys.GENERAL_FILE_TYPE));
        }
    }

    /**
     * A 70B is written the way this small model is: a few rows at a time through one buffer. The memory
     * the writer holds for tensor bytes stays at the buffer however large the file, the file is the same
     * as one written with a large buffer, and it loads and computes.
     */
    @Test
    void writesRowsThroughABoundedBuffer() throws IOException {
        long buffer = 64 << 10;
        Path small = tmp.resolve("small-buffer.gguf");
        Path large = tmp.resolve("large-buffer.gguf");
        QuantMix mix = QuantMix.byName("Q4_K_M").orElseThrow();
        List<Long> progress = new ArrayList<>();
        GgufWriter writer = new GgufWriter().bufferBytes(buffer).progress((written, total) -> progress.add(written));
        new SyntheticModel(ModelShape.TEST_DEEP, mix, 3).write(small, writer);
        new SyntheticModel(ModelShape.TEST_DEEP, mix, 3).write(large, new GgufWriter().bufferBytes(64 << 20));

        long size = Files.size(small);
        assertTrue(writer.bufferedBytes() <= 2 * buffer, "held " + writer.bufferedBytes());
        assertTrue(size > 20 * writer.bufferedBytes(), "the file (" + size + " bytes) dwarfs the buffer");
        assertEquals(-1, Files.mismatch(small, large));
        assertTrue(progress.size() > size / buffer, progress.size() + " progress reports");
        assertEquals(size, progress.getLast());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress only grows");
        }
        try (LoadedModel loaded = LoadedModel.open(small, 2)) {
            assertEquals(ModelShape.TEST_DEEP.layers, loaded.config().layers());
            float[] logits = loaded.transformer().forward(loaded.newState(4), 1);
            for (float v : logits) {
                assertTrue(Float.isFinite(v), "finite logits");
            }
        }
    }

    @Test
    void moreBitsRuleMatchesTheFixtureMix() {
        // synth-llama-Q4_K_M (4 layers, by llama.cpp) has Q6_K attn_v/ffn_down in layers 2 and 3 only.
        boolean[] expected = {false, false, true, true};
        for (int l = 0; l < 4; l++) {
            assertEquals(expected[l], QuantMix.usesMoreBits(l, 4), "layer " + l);
        }
    }

    @Test
    void quantizedModelsComputeCloseToTheirFloatOriginal() throws IOException {
        float[][] reference = logits(synth("F32"));
        for (String type : new String[] {"F16", "Q8_0", "Q4_0", "Q4_K_M", "Q6_K"}) {
            float[][] quantized = logits(synth(type));
            double worst = 0;
            for (int row = 0; row < reference.length; row++) {
                worst = Math.max(worst, Reference.nmse(quantized[row], reference[row]));
            }
            double bound = type.startsWith("F") ? 1e-5 : type.equals("Q8_0") || type.equals("Q6_K") ? 1e-2 : 0.2;
            System.out.printf("synthetic %-6s worst logits NMSE vs F32: %.2e%n", type, worst);
            assertTrue(worst < bound, type + ": NMSE " + worst + " vs F32 exceeds " + bound);
        }
    }

    private static float[][] logits(Path model) throws IOException {
        int[] tokens = {1, 300, 301, 302, 303, 304, 305, 306};
        try (LoadedModel loaded = LoadedModel.open(model, 2)) {
            assertEquals(ModelShape.TEST_TINY.dim, loaded.config().dim());
            InferenceState state = loaded.newState(tokens.length);
            float[][] rows = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                rows[i] = loaded.transformer().forward(state, tokens[i]).clone();
            }
            return rows;
        }
    }
}
