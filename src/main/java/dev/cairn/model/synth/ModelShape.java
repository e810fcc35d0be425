package dev.cairn.model.synth;

import java.util.Arrays;
import java.util.Optional;

/** Shapes of real models, for generating random-weight stand-ins of the same size and cost. */
public enum ModelShape {
    TINYLLAMA_1_1B("tinyllama-1.1b", 2048, 22, 32, 4, 5632, 32000, 2048, 10000f, false),
    LLAMA3_2_1B("llama3.2-1b", 2048, 16, 32, 8, 8192, 128256, 131072, 500000f, true),
    LLAMA2_7B("llama2-7b", 4096, 32, 32, 32, 11008, 32000, 4096, 10000f, false),
    LLAMA2_70B("llama2-70b", 8192, 80, 64, 8, 28672, 32000, 4096, 10000f, false),
    LLAMA3_70B("llama3-70b", 8192, 80, 64, 8, 28672, 128256, 8192, 500000f, false),
    /** Small enough for unit tests, with rows that fit every block size (256). */
    TEST_TINY("test-tiny", 256, 2, 8, 4, 512, 384, 512, 10000f, false),
    /** Like test-tiny with eight layers: enough for layer streaming to pin some and cycle others. */
    TEST_DEEP("test-deep", 256, 8, 8, 4, 512, 384, 512, 10000f, false);

    private final String id;
    final int dim;
    final int layers;
    final int heads;
    final int kvHeads;
    final int ffnDim;
    final int vocabSize;
    final int contextLength;
    final float ropeBase;
    final boolean tiedOutput;

    ModelShape(String id, int dim, int layers, int heads, int kvHeads, int ffnDim, int vocabSize, int contextLength,
               float ropeBase, boolean tiedOutput) {
        this.id = id;
        this.dim = dim;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.ffnDim = ffnDim;
        this.vocabSize = vocabSize;
        this.contextLength = contextLength;
        this.ropeBase = ropeBase;
        this.tiedOutput = tiedOutput;
    }

    public String id() {
        return id;
    }

    public static Optional<ModelShape> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ModelShape::id).toList());
    }
}
