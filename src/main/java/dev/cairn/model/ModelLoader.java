package dev.cairn.model;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Builds a {@link ModelConfig} and {@link Weights} from a GGUF file, using metadata alone for the shape. */
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
        int vocab = meta.getInt(GgufKeys.vocabSize(a), tensor(GgufKeys.TOKEN_EMBEDDING).map(t -> (int) t.dims()[1])
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
        Tensor embedding = matrix(GgufKeys.TOKEN_EMBEDDING, c.vocabSize(), c.dim());
        List<LayerWeights> layers = new ArrayList<>(c.layers());
        for (int l = 0; l < c.layers(); l++) {
            layers.add(readLayer(l, c));
        }
        Tensor output = tensor(GgufKeys.OUTPUT).isPresent()
                ? matrix(GgufKeys.OUTPUT, c.vocabSize(), c.dim())
                : embedding;
        float[] freqFactors = tensor(GgufKeys.ROPE_FREQS).map(t -> vector(GgufKeys.ROPE_FREQS, c.ropeDim() / 2))
                .orElse(null);
        return new Weights(embedding, List.copyOf(layers), vector(GgufKeys.OUTPUT_NORM, c.dim()), output, freqFactors);
    }

    private LayerWeights readLayer(int l, ModelConfig c) {
        boolean bias = c.architecture().hasQkvBias();
        boolean qkNorm = c.architecture().hasQkNorm();
        return new LayerWeights(
                vector(GgufKeys.layer(l, GgufKeys.ATTN_NORM), c.dim()),
                matrix(GgufKeys.layer(l, GgufKeys.ATTN_Q), c.qDim(), c.dim()),
                matrix(GgufKeys.layer(l, GgufKeys.ATTN_K), c.kvDim(), c.dim()),
                matrix(GgufKeys.layer(l, GgufKeys.ATTN_V), c.kvDim(), c.dim()),
                matrix(GgufKeys.layer(l, GgufKeys.ATTN_OUTPUT), c.dim(), c.qDim()),
                bias ? vector(GgufKeys.layer(l, GgufKeys.ATTN_Q_BIAS), c.qDim()) : null,
                bias ? vector(GgufKeys.layer(l, GgufKeys.ATTN_K_BIAS), c.kvDim()) : null,
                bias ? vector(GgufKeys.layer(l, GgufKeys.ATTN_V_BIAS), c.kvDim()) : null,
                qkNorm ? vector(GgufKeys.layer(l, GgufKeys.ATTN_Q_NORM), c.headDim()) : null,
                qkNorm ? vector(GgufKeys.layer(l, GgufKeys.ATTN_K_NORM), c.headDim()) : null,
                vector(GgufKeys.layer(l, GgufKeys.FFN_NORM), c.dim()),
                matrix(GgufKeys.layer(l, GgufKeys.FFN_GATE), c.ffnDim(), c.dim()),
                matrix(GgufKeys.layer(l, GgufKeys.FFN_UP), c.ffnDim(), c.dim()),
                matrix(GgufKeys.layer(l, GgufKeys.FFN_DOWN), c.dim(), c.ffnDim()));
    }

    private Optional<GgufTensorInfo> tensor(String name) {
        return file.tensor(name);
    }

    private GgufTensorInfo require(String name) {
        return tensor(name).orElseThrow(() -> new UnsupportedModelException(
                file.path() + ": tensor '" + name + "' is missing"));
    }

    /** A tensor of shape (rows, cols): GGUF lists the row length first. */
    private Tensor matrix(String name, int rows, int cols) {
        GgufTensorInfo info = require(name);
        long[] dims = info.dims();
        if (dims.length != 2 || dims[0] != cols || dims[1] != rows) {
            throw new UnsupportedModelException(file.path() + ": tensor '" + name + "' has shape "
                    + java.util.Arrays.toString(dims) + ", expected [" + cols + ", " + rows + "]");
        }
        return new Tensor(name, info.type(), tensorBytes.apply(info), rows, cols);
    }

    private float[] vector(String name, int length) {
        GgufTensorInfo info = require(name);
        if (info.elementCount() != length) {
            throw new UnsupportedModelException(file.path() + ": tensor '" + name + "' has "
                    + info.elementCount() + " elements, expected " + length);
        }
        return new Tensor(name, info.type(), tensorBytes.apply(info), 1, length).toFloats();
    }
}
