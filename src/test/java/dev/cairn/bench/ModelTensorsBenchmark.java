package dev.cairn.bench;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.QuantFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Single-threaded mat-vec over a real model file's own weight matrices, as decoding reads them: every row
 * of every matrix of one type (token embeddings excluded: decoding reads one row of them), straight from
 * the file's mapping. With a whole model the weights stream from memory; with {@code -p tensor=NAME} one
 * matrix that fits in the caches is read over and over. {@link KernelBenchmark.Traffic#bytes} is the weight
 * bytes read per second.
 *
 * <pre>./mvnw -Pbench test -Dbench.args="ModelTensorsBenchmark -p model=/tmp/models/tinyllama-Q4_K_M.gguf -p type=Q4_K"</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelTensorsBenchmark {

    /** The matrices of one model file, with an input vector and its block sums. */
    @State(Scope.Benchmark)
    public static class Matrices {

        /** The GGUF file. */
        @Param("")
        public String model;

        /** Only matrices of this GGML type (empty: all). */
        @Param("")
        public String type;

        /** Only the matrix of this name (empty: all), e.g. blk.0.ffn_up.weight. */
        @Param("")
        public String tensor;

        GgufFile file;
        List<Tensor> matrices;
        long bytes;
        float[] x;
        float[] xSums;
        float[] out;

        @Setup(Level.Trial)
        public void open() throws IOException {
            if (model.isEmpty()) {
                throw new IllegalArgumentException("give the model file: -p model=PATH");
            }
            file = GgufFile.open(Path.of(model));
            matrices = new ArrayList<>();
            int widest = 0;
            int tallest = 0;
            for (GgufTensorInfo info : file.tensors()) {
                boolean wanted = info.dims().length == 2 && !info.name().equals("token_embd.weight")
                        && (type.isEmpty() || info.type().name().equals(type))
                        && (tensor.isEmpty() || info.name().equals(tensor));
                if (wanted) {
                    int cols = (int) info.dims()[0];
                    int rows = (int) info.dims()[1];
                    matrices.add(new Tensor(info.name(), info.type(), file.tensorData(info), rows, cols));
                    bytes += info.byteSize();
                    widest = Math.max(widest, cols);
                    tallest = Math.max(tallest, rows);
                }
            }
            if (matrices.isEmpty()) {
                throw new IllegalArgumentException("no matrix of " + model + " matches type '" + type + "', tensor '" + tensor + "'");
            }
            Random random = new Random(42);
            x = new float[widest];
            for (int i = 0; i < widest; i++) {
                x[i] = (float) random.nextGaussian();
            }
            xSums = QuantFormat.blockSums(x, 0, widest);
            out = new float[tallest];
        }

        @TearDown(Level.Trial)
        public void close() {
            file.close();
        }
    }

    @Benchmark
    public float[] matVec(Matrices m, KernelBenchmark.Traffic traffic) {
        for (Tensor w : m.matrices) {
            for (int r = 0; r < w.rows(); r++) {
                m.out[r] = w.dot(r, m.x, 0, m.xSums);
            }
        }
        traffic.bytes += m.bytes;
        return m.out;
    }
}
