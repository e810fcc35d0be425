package dev.cairn.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Backend;
import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import dev.cairn.backend.RopeType;
import dev.cairn.backend.Rotary;
import dev.cairn.backend.Weight;
import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormats;
import dev.cairn.testing.Reference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every operation of the compute interface on a GPU backend against the CPU backend, in the manner of
 * llama.cpp's test-backend-ops: the same inputs on both, normalised mean squared error of the outputs
 * at most 1e-5 for float types and 1e-4 for quantized ones. Shapes are small and odd (rows, tokens and
 * float row lengths that are no multiple of anything), so the cases run quickly on lavapipe and PoCL.
 * Each GPU backend's test extends this with how to open it (and its own cases).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GpuParityCases {

    protected static final int ODD_ROWS = 37;
    protected static final int BATCH = 11;     // more than one matmul tile of 8 tokens, not a multiple of it
    protected static final double FLOAT_BOUND = 1e-5;
    protected static final double QUANT_BOUND = 1e-4;

    protected Arena arena;
    protected CpuBackend cpu;
    protected Backend gpu;

    /** The GPU backend under test (skipping, or under CI=true failing, where its API is missing). */
    protected abstract Backend openGpu();

    /** Every weight type GPU backends decode: all but the 8-bit intermediates no model file stores. */
    static Stream<GgmlType> decodedTypes() {
        return Arrays.stream(GgmlType.values()).filter(type -> type != GgmlType.Q8_1 && type != GgmlType.Q8_K);
    }

    @BeforeAll
    void open() {
        Backend opened = openGpu();
        arena = Arena.ofShared();
        cpu = new CpuBackend(1);
        gpu = opened;
    }

    @AfterAll
    void close() {
        if (gpu != null) {
            gpu.close();
        }
        if (cpu != null) {
            cpu.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    /** Both backends' handles for the same data: the comparisons run the same steps on each. */
    public record Pair<T>(T onCpu, T onGpu) {
    }

    @ParameterizedTest
    @MethodSource("decodedTypes")
    protected void matMulOfSeveralMatricesAsDecodeAndAsBatch(GgmlType type) {
        int cols = colsFor(type);
        Pair<Weight> a = weight(type, ODD_ROWS, cols, 1);
        Pair<Weight> b = weight(type, 5, cols, 2);
        for (int count : new int[] {1, BATCH}) {
            Pair<Activation> x = input(count, cols, 3);
            Pair<Activation> outA = both(be -> be.activation(BATCH, ODD_ROWS));
            Pair<Activation> outB = both(be -> be.activation(BATCH, 5));
            cpu.matMul(x.onCpu, new Weight[] {a.onCpu, b.onCpu}, new Activation[] {outA.onCpu, outB.onCpu}, count);
            gpu.matMul(x.onGpu, new Weight[] {a.onGpu, b.onGpu}, new Activation[] {outA.onGpu, outB.onGpu}, count);
            assertClose(type + " matmul of " + count, outA, count, bound(type));
            assertClose(type + " second matrix of " + count, outB, count, bound(type));
        }
    }

    @ParameterizedTest
    @MethodSource("decodedTypes")
    void embeddingRowsOfEveryType(GgmlType type) {
        int cols = colsFor(type);
        Pair<Weight> table = weight(type, ODD_ROWS, cols, 6);
        Pair<Activation> out = both(be -> be.activation(BATCH, cols));
        int[] tokens = {9, 36, 0, 17, 36};
        cpu.embed(table.onCpu, tokens, 1, 4, out.onCpu);
        gpu.embed(table.onGpu, tokens, 1, 4, out.onGpu);
        assertClose(type + " embedding", out, 4, bound(type));
    }

    @Test
    protected void rmsNormAndPerHeadNorm() {
        int cols = 96;
        Pair<Activation> x = input(BATCH, cols, 7);
        Pair<Weight> w = weight(GgmlType.F32, 1, cols, 8);
        Pair<Activation> out = both(be -> be.activation(BATCH, cols));
        cpu.rmsNorm(x.onCpu, w.onCpu, 1e-5f, out.onCpu, BATCH);
        gpu.rmsNorm(x.onGpu, w.onGpu, 1e-5f, out.onGpu, BATCH);
        assertClose("rms norm", out, BATCH, FLOAT_BOUND);

        Pair<Weight> head = weight(GgmlType.F32, 1, 24, 9);
        cpu.rmsNormHeads(x.onCpu, head.onCpu, 1e-6f, BATCH);
        gpu.rmsNormHeads(x.onGpu, head.onGpu, 1e-6f, BATCH);
        assertClose("per-head norm", x, BATCH, FLOAT_BOUND);
    }

    @Test
    void biasResidualAndSwiGlu() {
        int cols = 45;
        Pair<Activation> x = input(BATCH, cols, 10);
        Pair<Activation> y = input(BATCH, cols, 11);
        Pair<Weight> bias = weight(GgmlType.F32, 1, cols, 12);
        cpu.addBias(x.onCpu, bias.onCpu, BATCH);
        gpu.addBias(x.onGpu, bias.onGpu, BATCH);
        assertClose("bias", x, BATCH, FLOAT_BOUND);
        cpu.add(x.onCpu, y.onCpu, BATCH);
        gpu.add(x.onGpu, y.onGpu, BATCH);
        assertClose("residual", x, BATCH, FLOAT_BOUND);
        cpu.swiGlu(x.onCpu, y.onCpu, BATCH);
        gpu.swiGlu(x.onGpu, y.onGpu, BATCH);
        assertClose("swiglu", x, BATCH, FLOAT_BOUND);
        cpu.copyRow(x.onCpu, BATCH - 1, x.onCpu, 0);
        gpu.copyRow(x.onGpu, BATCH - 1, x.onGpu, 0);
        assertClose("copied row", x, BATCH, FLOAT_BOUND);
    }

    @ParameterizedTest
    @EnumSource(RopeType.class)
    void rotaryInBothLayouts(RopeType layout) {
        int headDim = 16;
        // Twelve of the sixteen dimensions rotate (partial rotary), at a position far from zero.
        double[] frequencies = new double[6];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = Math.pow(10000, -2.0 * i / headDim);
        }
        Rotary rotary = new Rotary(frequencies, 1.0, layout);
        Pair<Activation> q = input(BATCH, 4 * headDim, 13);
        Pair<Activation> k = input(BATCH, 2 * headDim, 14);
        cpu.rope(q.onCpu, k.onCpu, headDim, rotary, 1000, BATCH);
        gpu.rope(q.onGpu, k.onGpu, headDim, rotary, 1000, BATCH);
        assertClose(layout + " rope q", q, BATCH, FLOAT_BOUND);
        assertClose(layout + " rope k", k, BATCH, FLOAT_BOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "F32"})
    protected void attentionOverTheCacheForAPromptThenADecodedToken(String kvType) {
        int headDim = 24;
        int heads = 6;
        int kvHeads = 2;
        int context = 150; // more than two 64-position tiles of the online softmax
        KvShape shape = new KvShape(GgmlType.valueOf(kvType), 2, context, kvHeads, headDim);
        Pair<KvCache> kv = both(be -> be.kvCache(shape));
        Pair<Activation> out = both(be -> be.activation(BATCH, heads * headDim));
        int position = 0;
        for (int step = 0; step < 14; step++) {
            int count = step == 13 ? 1 : BATCH; // prompt batches, then one decoded token
            Pair<Activation> q = input(BATCH, heads * headDim, 100 + step);
            Pair<Activation> k = input(BATCH, kvHeads * headDim, 200 + step);
            Pair<Activation> v = input(BATCH, kvHeads * headDim, 300 + step);
            for (Backend be : List.<Backend>of(cpu, gpu)) {
                boolean onCpu = be == cpu;
                be.kvAppend(onCpu ? kv.onCpu : kv.onGpu, 1, onCpu ? k.onCpu : k.onGpu, onCpu ? v.onCpu : v.onGpu, position, count);
                be.attention(onCpu ? kv.onCpu : kv.onGpu, 1, onCpu ? q.onCpu : q.onGpu, onCpu ? out.onCpu : out.onGpu, position,
                        count);
            }
            assertClose(kvType + " attention at " + position, out, count, FLOAT_BOUND);
            position += count;
        }
    }

    // ---- data on both backends ----

    private static int colsFor(GgmlType type) {
        return switch (type.blockSize()) {
            case 1 -> 45;    // float rows of any length
            case 32 -> 96;   // three blocks
            default -> 512;  // two super-blocks
        };
    }

    private static double bound(GgmlType type) {
        return type == GgmlType.F32 || type == GgmlType.F16 || type == GgmlType.BF16 ? FLOAT_BOUND : QUANT_BOUND;
    }

    private <T> Pair<T> both(Function<Backend, T> make) {
        return new Pair<>(make.apply(cpu), make.apply(gpu));
    }

    private Pair<Weight> weight(GgmlType type, int rows, int cols, long seed) {
        Tensor tensor = tensor(type, rows, cols, seed);
        return new Pair<>(cpu.weight(tensor), gpu.weight(tensor));
    }

    /** Gaussian values quantized to {@code type}: the same stored bytes for both backends. */
    protected Tensor tensor(GgmlType type, int rows, int cols, long seed) {
        float[] values = gaussian(rows * cols, seed);
        long rowBytes = type.bytesFor(cols);
        MemorySegment data = arena.allocate(rowBytes * rows, 8);
        for (int r = 0; r < rows; r++) {
            QuantFormats.of(type).quantize(values, r * cols, data, r * rowBytes, cols);
        }
        return new Tensor("w" + seed, type, data, rows, cols);
    }

    /** Activations filled through an F32 table's embedding rows, the one way data enters a backend. */
    private Pair<Activation> input(int rows, int cols, long seed) {
        return new Pair<>(cpuInput(rows, cols, seed), inputOn(gpu, rows, cols, seed));
    }

    protected Activation cpuInput(int rows, int cols, long seed) {
        return inputOn(cpu, rows, cols, seed);
    }

    protected Activation inputOn(Backend backend, int rows, int cols, long seed) {
        Weight table = backend.weight(tensor(GgmlType.F32, rows, cols, seed));
        Activation a = backend.activation(rows, cols);
        int[] identity = new int[rows];
        for (int i = 0; i < rows; i++) {
            identity[i] = i;
        }
        backend.embed(table, identity, 0, rows, a);
        return a;
    }

    private static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private void assertClose(String what, Pair<Activation> a, int rows, double bound) {
        assertClose(what, a, rows, bound, gpu);
    }

    protected void assertClose(String what, Pair<Activation> a, int rows, double bound, Backend onGpu) {
        float[] expected = new float[rows * a.onCpu.cols()];
        float[] actual = new float[expected.length];
        cpu.read(a.onCpu, rows, expected);
        onGpu.read(a.onGpu, rows, actual);
        double nmse = Reference.nmse(actual, expected);
        assertTrue(nmse <= bound, what + ": NMSE " + nmse + " > " + bound);
    }
}
