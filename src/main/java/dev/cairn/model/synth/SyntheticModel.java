package dev.cairn.model.synth;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufWriter;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a Llama model of a real shape with random weights, quantized as asked: the same bytes to read
 * and the same arithmetic per token as the real model, for benchmarks. The text it writes is gibberish.
 * Weights come from a {@link ChunkPool} per type and row length; the file is written a few rows at a
 * time ({@link GgufWriter}), so memory stays bounded by the pools and the write buffer whatever the shape.
 */
public final class SyntheticModel {

    private final ModelShape shape;
    private final QuantMix mix;
    private final long seed;
    private final Map<String, ChunkPool> pools = new HashMap<>();

    public SyntheticModel(ModelShape shape, QuantMix mix, long seed) {
        this.shape = shape;
        this.mix = mix;
        this.seed = seed;
    }

    public void write(Path out) throws IOException {
        write(out, new GgufWriter());
    }

    /** Writes through {@code writer} (its buffer size and progress listener set by the caller). */
    public void write(Path out, GgufWriter into) throws IOException {
        GgufWriter writer = into.metadata(metadata());
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

    /**
     * Random rows assembled from the chunk pool of the tensor's type and row length (made once and shared
     * by every tensor of that kind); each row's chunks depend only on the seed, the tensor and the row.
     */
    private GgufWriter matrix(GgufWriter w, String name, GgmlType type, int rows, int cols, int tensorIndex) {
        if (!ChunkPool.fits(cols)) {
            throw new IllegalArgumentException(name + ": rows of " + cols + " weights are not whole chunks of "
                    + ChunkPool.CHUNK);
        }
        ChunkPool pool = pools.computeIfAbsent(type + "/" + cols, key -> new ChunkPool(type, cols, seed));
        long rowBytes = type.bytesFor(cols);
        long tensorSeed = (seed * 1_000_003L + tensorIndex) * 7_919L;
        return w.tensor(name, type, new long[] {cols, rows}, (firstRow, target) ->
                pool.fill(target, tensorSeed + firstRow, Math.toIntExact(target.byteSize() / rowBytes), cols));
    }
}
