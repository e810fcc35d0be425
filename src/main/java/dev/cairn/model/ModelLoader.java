package dev.cairn.model;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;

/**
 * Builds a {@link ModelConfig} and the {@link Weights} outside the layers from a GGUF file, using metadata
 * alone for the shape (the layers' tensors: {@link LayerManifest}).
 */
public final class ModelLoader {

    private final GgufFile file;
    private final GgufMetadata meta;
    private final Function<GgufTensorInfo, MemorySegment> tensorBytes;

    private ModelLoader(GgufFile file, Function<GgufTensorInfo, MemorySegment> tensorBytes) {
        this.file = file;
        this.meta = file.metadata();
        this.tensorBytes = tensorBytes;
    }

    public static ModelConfig config(GgufFile file) {
        return new ModelLoader(file, file::tensorData).readConfig();
    }

    /** The weights where the file maps them. */
    public static Weights weights(GgufFile file, ModelConfig config) {
        return weights(file, config, file::tensorData);
    }

    /** The weights with each tensor's bytes taken from {@code tensorBytes} (copies in memory, say). */
    public static Weights weights(GgufFile file, ModelConfig config, Function<GgufTensorInfo, MemorySegment> tensorBytes) {
        return new ModelLoader(file, tensorBytes).readWeights(config);
    }

    private ModelConfig readConfig() {
        String archName = meta.getString(GgufKeys.GENERAL_ARCHITECTURE);
        Architecture arch = Architecture.fromGguf(archName).orElseThrow(() -> new UnsupportedModelException(
                file.path() + ": architecture '" + archName + "' is not supported (supported: "
                        + Architecture.supportedNames() + ")"));
        String a = arch.ggufName();
        int dim = meta.getInt(GgufKeys.embeddingLength(a), -1);
        int heads = meta.getInt(GgufKeys.headCount(a), -1);
        int headDim = meta.getInt(GgufKeys.keyLength(a), heads > 0 ? dim / heads : -1);
        int valueDim = meta.getInt(GgufKeys.valueLength(a), headDim);
        if (valueDim != headDim) {
            throw new UnsupportedModelException(file.path() + ": value head size " + valueDim
                    + " differs from key head size " + headDim);
        }
        int vocab = meta.getInt(GgufKeys.vocabSize(a), file.tensor(GgufKeys.TOKEN_EMBEDDING).map(t -> (int) t.dims()[1])
                .orElse(-1));
        String scalingType = meta.findString(GgufKeys.ropeScalingType(a)).orElse("none");
        double ropeScale = switch (scalingType) {
            case "none" -> 1.0;
            case "linear" -> 1.0 / meta.getFloat(GgufKeys.ropeScalingFactor(a), 1f);
            default -> throw new UnsupportedModelException(file.path() + ": RoPE scaling '" + scalingType
                    + "' is not supported (supported: none, linear, and Llama 3.1 rope_freqs)");
        };
        try {
            return new ModelConfig(arch, dim,
                    meta.getInt(GgufKeys.blockCount(a), -1),
                    heads,
                    meta.getInt(GgufKeys.headCountKv(a), heads),
                    headDim,
                    meta.getInt(GgufKeys.feedForwardLength(a), -1),
                    vocab,
                    meta.getInt(GgufKeys.contextLength(a), 2048),
                    meta.getFloat(GgufKeys.rmsEpsilon(a), 1e-5f),
                    meta.getFloat(GgufKeys.ropeFreqBase(a), 10000f),
                    meta.getInt(GgufKeys.ropeDimensionCount(a), headDim),
                    ropeScale);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(file.path() + ": " + e.getMessage());
        }
    }

    private Weights readWeights(ModelConfig c) {
        Tensor embedding = tensor(TensorShapes.matrix(file, GgufKeys.TOKEN_EMBEDDING, c.vocabSize(), c.dim()),
                c.vocabSize(), c.dim());
        Tensor output = file.tensor(GgufKeys.OUTPUT).isPresent()
                ? tensor(TensorShapes.matrix(file, GgufKeys.OUTPUT, c.vocabSize(), c.dim()), c.vocabSize(), c.dim())
                : embedding;
        Tensor outputNorm = tensor(TensorShapes.vector(file, GgufKeys.OUTPUT_NORM, c.dim()), 1, c.dim());
        float[] freqFactors = file.tensor(GgufKeys.ROPE_FREQS).isPresent()
                ? tensor(TensorShapes.vector(file, GgufKeys.ROPE_FREQS, c.ropeDim() / 2), 1, c.ropeDim() / 2).toFloats()
                : null;
        return new Weights(embedding, outputNorm, output, freqFactors);
    }

    private Tensor tensor(GgufTensorInfo info, int rows, int cols) {
        return new Tensor(info.name(), info.type(), tensorBytes.apply(info), rows, cols);
    }
}
