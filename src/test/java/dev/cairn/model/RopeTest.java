package dev.cairn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufWriter;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.model.synth.SyntheticModel;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Reference;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RopeTest {

    @TempDir
    Path tmp;

    /**
     * Llama 3.1 style per-frequency factors of 2 slow every rotation to half speed, exactly what linear
     * scaling by 2 does: both files must give the same logits, and differ from the unscaled model.
     */
    @Test
    void ropeFreqFactorsAndLinearScalingAgree() throws IOException {
        Path base = tmp.resolve("base.gguf");
        new SyntheticModel(ModelShape.TEST_TINY, QuantMix.byName("F32").orElseThrow(), 9).write(base);
        Path linear = tmp.resolve("linear.gguf");
        Path factors = tmp.resolve("factors.gguf");
        try (GgufFile file = GgufFile.open(base)) {
            GgufWriter.copyOf(file).metadata(file.metadata().toBuilder()
                    .putString(GgufKeys.ropeScalingType("llama"), "linear")
                    .putFloat32(GgufKeys.ropeScalingFactor("llama"), 2f)
                    .build()).write(linear);
            float[] two = new float[ModelLoader.config(file).ropeDim() / 2];
            Arrays.fill(two, 2f);
            GgufWriter.copyOf(file).tensor(GgufKeys.ROPE_FREQS, GgmlType.F32, new long[] {two.length},
                    MemorySegment.ofArray(two)).write(factors);
        }
        float[] unscaled = lastLogits(base);
        float[] byLinear = lastLogits(linear);
        float[] byFactors = lastLogits(factors);
        assertTrue(Reference.nmse(byFactors, byLinear) < 1e-12, "rope_freqs 2 == linear 2");
        assertTrue(Reference.nmse(byLinear, unscaled) > 1e-6, "scaling changes the result");
    }

    private static float[] lastLogits(Path model) throws IOException {
        try (LoadedModel loaded = LoadedModel.open(model, 1)) {
            InferenceState state = loaded.newState(12);
            float[] logits = null;
            for (int t = 0; t < 12; t++) {
                logits = loaded.transformer().forward(state, 300 + t);
            }
            return logits.clone();
        }
    }
}
