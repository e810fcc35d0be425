package dev.cairn.model.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cairn's quantizer against llama.cpp's on the same weights: the fixtures' quantized synth-llama files
 * were made by llama.cpp from synth-llama-F32, so both reconstruction errors can be measured against it.
 */
class QuantizerTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"F16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K_S", "Q4_K_S", "Q5_K_S",
            "Q6_K", "IQ4_NL", "IQ4_XS", "Q4_K_M", "Q5_K_M"})
    void errorIsNoWorseThanLlamaCpps(String name) throws IOException {
        Path ours = tmp.resolve("ours.gguf");
        QuantMix mix = QuantMix.byName(name.endsWith("_S") ? name.substring(0, name.length() - 2) : name).orElseThrow();
        try (GgufFile f32 = GgufFile.open(Fixtures.model("synth-llama-F32.gguf"))) {
            new Quantizer(mix).quantize(f32, ours);
            try (GgufFile llamaCpp = GgufFile.open(Fixtures.model("synth-llama-" + name + ".gguf"));
                 GgufFile cairn = GgufFile.open(ours)) {
                double oursError = 0;
                double theirsError = 0;
                double norm = 0;
                for (GgufTensorInfo theirs : llamaCpp.tensors()) {
                    GgufTensorInfo mine = cairn.tensor(theirs.name()).orElseThrow();
                    assertEquals(theirs.type(), mine.type(), theirs.name() + ": the same per-tensor type as llama.cpp");
                    float[] reference = floats(f32, f32.tensor(theirs.name()).orElseThrow());
                    float[] a = floats(cairn, mine);
                    float[] b = floats(llamaCpp, theirs);
                    for (int i = 0; i < reference.length; i++) {
                        oursError += sq(a[i] - reference[i]);
                        theirsError += sq(b[i] - reference[i]);
                        norm += sq(reference[i]);
                    }
                }
                double ourRel = Math.sqrt(oursError / norm);
                double theirRel = Math.sqrt(theirsError / norm);
                System.out.printf("quantizer %-7s relative RMS error: Cairn %.5f, llama.cpp %.5f%n", name, ourRel, theirRel);
                assertTrue(ourRel <= theirRel * (1 + 1e-4), name + ": " + ourRel + " > llama.cpp's " + theirRel);
            }
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    private static float[] floats(GgufFile file, GgufTensorInfo info) {
        int n = Math.toIntExact(info.elementCount());
        return new Tensor(info.name(), info.type(), file.tensorData(info), 1, n).toFloats();
    }

    @org.junit.jupiter.api.Test
    void oneDimensionalTensorsStayF32AndTypeFollowsTheMix() throws IOException {
        Path out = tmp.resolve("q4km.gguf");
        try (GgufFile f32 = GgufFile.open(Fixtures.model("synth-llama-F32.gguf"))) {
            new Quantizer(QuantMix.byName("Q4_K_M").orElseThrow()).quantize(f32, out);
        }
        try (GgufFile q = GgufFile.open(out)) {
            assertEquals(GgmlType.F32, q.tensor("output_norm.weight").orElseThrow().type());
            assertEquals(GgmlType.Q6_K, q.tensor("output.weight").orElseThrow().type());
            assertEquals(GgmlType.Q6_K, q.tensor("blk.3.ffn_down.weight").orElseThrow().type());
            assertEquals(GgmlType.Q4_K, q.tensor("blk.0.ffn_down.weight").orElseThrow().type());
            assertEquals(15, q.metadata().getInt("general.file_type"));
        }
    }
}
