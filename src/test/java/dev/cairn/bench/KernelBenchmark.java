package dev.cairn.bench;

import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormat;
import dev.cairn.tensor.quant.QuantFormats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
 * Single-threaded decode mat-vec, one {@link QuantFormat#dot} per row as {@code CpuBackend} does, on random
 * weights of tinyllama's FFN shapes (far larger than the caches, so weights stream from memory). The
 * {@code bytes} counter is the weight bytes read per second: JMH reports it as {@code bytes} in ops/s,
 * i.e. B/s (divide by 1e9 for GB/s). {@code bandwidth} sums a 512 MB float array with the Vector API for
 * the machine's single-thread read bandwidth, the ceiling a memory-bound kernel can reach.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBenchmark {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int PROBE_FLOATS = 128 << 20;

    /** Random weights of one type and shape, quantized once per trial. */
    @State(Scope.Benchmark)
    public static class Matrix {

        @Param({"Q4_0", "Q8_0", "Q4_K", "Q6_K", "Q5_K", "F16"})
        public String type;

        /** {@code rows x columns}: the FFN up/gate projection and the down projection. */
        @Param({"5632x2048", "2048x5632"})
        public String shape;

        Arena arena;
        QuantFormat format;
        MemorySegment weights;
        int rows;
        int cols;
        long rowBytes;
        float[] x;
        float[] xSums;
        float[] out;
        float[] decoded;

        @Setup(Level.Trial)
        public void setUp() {
            String[] dims = shape.split("x");
            rows = Integer.parseInt(dims[0]);
            cols = Integer.parseInt(dims[1]);
            GgmlType ggml = GgmlType.valueOf(type);
            format = QuantFormats.of(ggml);
            rowBytes = ggml.bytesFor(cols);
            arena = Arena.ofShared();
            Random random = new Random(42);
            weights = RandomWeights.matrix(arena, ggml, rows, cols, random);
            x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) random.nextGaussian();
            }
            xSums = QuantFormat.blockSums(x, 0, cols);
            out = new float[rows];
            decoded = new float[cols];
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    /** Bytes read, as a rate: JMH reports it in "ops/s", which here means B/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Traffic {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** A 512 MB array, far larger than the caches. */
    @State(Scope.Benchmark)
    public static class Probe {
        float[] data;

        @Setup(Level.Trial)
        public void fill() {
            data = new float[PROBE_FLOATS];
            Arrays.fill(data, 1f);
        }
    }

    /**
     * As {@code CpuBackend}'s mat-vec does it on one thread: block sums once, then the rows
     * {@link QuantFormat#rowsAtOnce} at a time, spaced evenly across the matrix, the rows left over one by one.
     */
    @Benchmark
    public float[] matVec(Matrix m, Traffic traffic) {
        QuantFormat.blockSums(m.x, 0, m.cols, m.xSums);
        int together = m.format.rowsAtOnce();
        int span = together == 1 ? 0 : m.rows / together;
        for (int r = 0; r < span; r++) {
            m.format.dotSpaced(m.weights, r * m.rowBytes, span * m.rowBytes, m.x, 0, m.xSums, m.cols, m.out, r, span);
        }
        for (int r = together * span; r < m.rows; r++) {
            m.out[r] = m.format.dot(m.weights, r * m.rowBytes, m.x, 0, m.xSums, m.cols);
        }
        traffic.bytes += m.rowBytes * m.rows;
        return m.out;
    }

    /** Decoding every row to floats with the vector decode, as the prompt GEMM does for its panels. */
    @Benchmark
    public float[] dequantize(Matrix m, Traffic traffic) {
        for (int r = 0; r < m.rows; r++) {
            m.format.vectorDequantize(m.weights, r * m.rowBytes, m.decoded, 0, m.cols);
        }
        traffic.bytes += m.rowBytes * m.rows;
        return m.decoded;
    }

    /** The same with the scalar reference decode, for comparison. */
    @Benchmark
    public float[] dequantizeScalar(Matrix m, Traffic traffic) {
        for (int r = 0; r < m.rows; r++) {
            m.format.dequantize(m.weights, r * m.rowBytes, m.decoded, 0, m.cols);
        }
        traffic.bytes += m.rowBytes * m.rows;
        return m.decoded;
    }

    /** Four independent accumulators so that the adds are not the limit; only the loads are. */
    @Benchmark
    public float bandwidth(Probe probe, Traffic traffic) {
        float[] a = probe.data;
        int lanes = F.length();
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int i = 0; i < a.length; i += 4 * lanes) {
            s0 = s0.add(FloatVector.fromArray(F, a, i));
            s1 = s1.add(FloatVector.fromArray(F, a, i + lanes));
            s2 = s2.add(FloatVector.fromArray(F, a, i + 2 * lanes));
            s3 = s3.add(FloatVector.fromArray(F, a, i + 3 * lanes));
        }
        traffic.bytes += 4L * a.length;
        return s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    }
}
