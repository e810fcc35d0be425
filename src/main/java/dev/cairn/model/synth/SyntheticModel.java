package dev.cairn.model.synth;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufWriter;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormat;
import dev.cairn.tensor.quant.QuantFormats;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a Llama model of a real shape with random weights, quantized as asked: the same bytes to read
 * and the same arithmetic per token as the real model, for benchmarks. The text it writes is gibberish.
 * Weights are uniform with variance {@code 1/cols}, so activations stay of unit scale through the layers.
 */
public final class SyntheticModel {

    private final ModelShape shape;
    private final QuantMix mix;
    private final long seed;

    public SyntheticModel(ModelShape shape, QuantMix mix, long seed) {
        this.shape = shape;
        this.mix = mix;
        this.seed = seed;
    }

    public void write(Path out) throws IOException {
        GgufWriter writer = new GgufWriter().metadata(metadata());
        int headDim = shape.dim / shape.heads;
        int kvDim = shape.kvHeads * headDim;
        int tensorIndex = 0;
        writer = matrix(writer, GgufKeys.TOKEN_EMBEDDING, mix.base(), shape.vocabSize, shape.dim, tensorIndex++);
        for (int l = 0; l < shape.layers; l++) {
            writer = ones(writer, GgufKeys.layer(l, GgufKeys.ATTN_NORM), shape.dim);
            writer = layerMatrix(writer, GgufKeys.ATTN_Q, l, shape.dim, shape.dim, tensorIndex++);
            writer = layerMatrix(writer, GgufKeys.ATTN_K, l, kvDim, shape.dim, tensorIndex++);
            writer = layerMatrix(writer, GgufKeys.ATTN_V, l, kvDim, shape.dim, tensorIndex++);
            writer = layerMatrix(writer, GgufKeys.ATTN_OUTPUT, l, shape.dim, shape.dim, tensorIndex++);
            writer = ones(writer, GgufKeys.layer(l, GgufKeys.FFN_NORM), shape.dim);
            writer = layerMatrix(writer, GgufKeys.FFN_GATE, l, shape.ffnDim, shape.dim, tensorIndex++);
            writer = layerMatrix(writer, GgufKeys.FFN_UP, l, shape.ffnDim, shape.dim, tensorIndex++);
            writer = layerMatrix(writer, GgufKeys.FFN_DOWN, l, shape.dim, shape.ffnDim, tensorIndex++);
        }
        writer = ones(writer, GgufKeys.OUTPUT_NORM, shape.dim);
        if (!shape.tiedOutput) {
            writer = matrix(writer, GgufKeys.OUTPUT, mix.typeFor(GgufKeys.OUTPUT, 0, shape.layers),
                    shape.vocabSize, shape.dim, tensorIndex);
        }
        writer.write(out);
    }

    private GgufMetadata metadata() {
        String a = "llama";
        GgufMetadata.Builder b = GgufMetadata.builder()
                .putString(GgufKeys.GENERAL_ARCHITECTURE, a)
                .putString(GgufKeys.GENERAL_NAME, "cairn-synth-" + shape.id() + "-" + mix.name())
                .putUint32(GgufKeys.GENERAL_FILE_TYPE, mix.fileType())
                .putUint32(GgufKeys.GENERAL_QUANTIZATION_VERSION, 2)
                .putUint32(GgufKeys.contextLength(a), shape.contextLength)
                .putUint32(GgufKeys.embeddingLength(a), shape.dim)
                .putUint32(GgufKeys.blockCount(a), shape.layers)
                .putUint32(GgufKeys.feedForwardLength(a), shape.ffnDim)
                .putUint32(GgufKeys.headCount(a), shape.heads)
                .putUint32(GgufKeys.headCountKv(a), shape.kvHeads)
                .putFloat32(GgufKeys.rmsEpsilon(a), 1e-5f)
                .putFloat32(GgufKeys.ropeFreqBase(a), shape.ropeBase)
                .putUint32(GgufKeys.ropeDimensionCount(a), shape.dim / shape.heads)
                .putUint32(GgufKeys.vocabSize(a), shape.vocabSize);
        SyntheticVocabulary.describe(shape.vocabSize, b);
        return b.build();
    }

    private GgufWriter layerMatrix(GgufWriter w, String template, int layer, int rows, int cols, int index) {
        return matrix(w, GgufKeys.layer(layer, template), mix.typeFor(template, layer, shape.layers), rows, cols, index);
    }

    private static GgufWriter ones(GgufWriter w, String name, int n) {
        float[] values = new float[n];
        Arrays.fill(values, 1f);
        return w.tensor(name, GgmlType.F32, new long[] {n}, MemorySegment.ofArray(values));
    }

    /** Random rows, generated and quantized in parallel; each row's values depend only on the seed and its index. */
    private GgufWriter matrix(GgufWriter w, String name, GgmlType type, int rows, int cols, int tensorIndex) {
        QuantFormat format = QuantFormats.of(type);
        long rowBytes = type.bytesFor(cols);
        float bound = (float) Math.sqrt(3.0 / cols);
        long tensorSeed = seed * 1_000_003L + tensorIndex;
        return w.tensor(name, type, new long[] {cols, rows}, target -> IntStream.range(0, rows).parallel().forEach(r -> {
            float[] row = new float[cols];
            SplittableRandom random = new SplittableRandom(tensorSeed * 7_919L + r);
            for (int i = 0; i < cols; i++) {
                row[i] = (random.nextFloat() * 2f - 1f) * bound;
            }
            format.quantize(row, 0, target, r * rowBytes, cols);
        }));
    }
}
