package dev.cairn.bench;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Weight;
import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The prompt GEMM against this machine's floating-point peak, single-threaded. {@code fmaPeak} runs twelve
 * independent FMA chains (more than the FMA latency times the ports, so only throughput limits it);
 * {@code gemm} is one {@code CpuBackend.matMul} of a batch of tokens through a weight matrix, as a prompt
 * step does. Both count floating-point operations in the {@code flops} counter (JMH prints it as ops/s:
 * FLOP/s), so the GEMM's share of the peak is the ratio of the two.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int PEAK_STEPS = 1 << 16;

    /** Floating-point operations done, as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long flops;

        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    /** One weight matrix of a real shape and a batch of random inputs on a one-thread CPU backend. */
    @State(Scope.Benchmark)
    public static class Product {

        @Param({"Q4_0", "Q4_K", "Q8_0", "F32"})
        public String type;

        /** {@code rows x columns}: attention projections, and the FFN's down projection. */
        @Param({"2048x2048", "2048x5632"})
        public String shape;

        @Param({"128"})
        public int batch;

        Arena arena;
        CpuBackend backend;
        Weight[] weights;
        Activation input;
        Activation[] outputs;
        long flopsPerCall;

        @Setup(Level.Trial)
        public void setUp() {
            String[] dims = shape.split("x");
            int rows = Integer.parseInt(dims[0]);
            int cols = Integer.parseInt(dims[1]);
            GgmlType ggml = GgmlType.valueOf(type);
            arena = Arena.ofShared();
            MemorySegment data = RandomWeights.matrix(arena, ggml, rows, cols, new Random(42));
            backend = new CpuBackend(1);
            weights = new Weight[] {backend.weight(new Tensor("w", ggml, data, rows, cols))};
            input = backend.activation(batch, cols);
            outputs = new Activation[] {backend.activation(batch, rows)};
            flopsPerCall = 2L * rows * cols * batch;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            backend.close();
            arena.close();
        }
    }

    @Benchmark
    public Activation gemm(Product p, Work work) {
        p.backend.matMul(p.input, p.weights, p.outputs, p.batch);
        work.flops += p.flopsPerCall;
        return p.outputs[0];
    }

    @Benchmark
    public float fmaPeak(Work work) {
        FloatVector x = FloatVector.broadcast(F, 0.999f);
        FloatVector y = FloatVector.broadcast(F, 1e-4f);
        FloatVector a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (int i = 0; i < PEAK_STEPS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        work.flops += 12L * 2 * F.length() * PEAK_STEPS;
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }
}
