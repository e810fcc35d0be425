package dev.cairn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.KvShape;
import dev.cairn.tensor.quant.GgmlType;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU's attention against a two-pass softmax in double over the same stored keys and values, across
 * block and run boundaries and grouped heads; and a prompt attends exactly as its tokens one by one do.
 */
class AttentionTest {

    private static final int TOKENS = 75; // crosses several blocks of positions and runs of queries

    @ParameterizedTest(name = "{0} cache, {1} heads over {2} KV heads of {3}")
    @CsvSource({"F32, 4, 2, 8", "F16, 4, 2, 8", "F32, 6, 3, 64", "F16, 8, 1, 20"})
    void matchesATwoPassSoftmaxAndDoesNotDependOnTheBatch(GgmlType type, int heads, int kvHeads, int headDim) {
        Random random = new Random(heads * 31 + headDim);
        float[] q = gaussian(random, TOKENS * heads * headDim);
        float[] k = gaussian(random, TOKENS * kvHeads * headDim);
        float[] v = gaussian(random, TOKENS * kvHeads * headDim);
        KvShape shape = new KvShape(type, 1, TOKENS, kvHeads, headDim);
        try (CpuBackend backend = new CpuBackend(2)) {
            float[] batched = attend(backend, shape, q, k, v, TOKENS);
            float[] single = attend(backend, shape, q, k, v, 1);
            for (int i = 0; i < single.length; i++) {
                // Not bit for bit: how a vector's lanes are summed may change as the JIT compiles the kernels.
                assertTrue(Math.abs(batched[i] - single[i]) <= 1e-6 * (1 + Math.abs(single[i])),
                        "a prompt attends as its tokens decoded one by one: output " + i);
            }
            double[] expected = reference(q, stored(k, type), stored(v, type), heads, kvHeads, headDim);
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Math.abs(batched[i] - expected[i]) <= 1e-5 * (1 + Math.abs(expected[i])),
                        "output " + i + ": " + batched[i] + " vs " + expected[i]);
            }
        }
    }

    /** All positions' outputs, the queries given to the backend {@code batch} tokens at a time. */
    private static float[] attend(CpuBackend backend, KvShape shape, float[] q, float[] k, float[] v, int batch) {
        int qDim = q.length / TOKENS;
        int kvDim = shape.kvDim();
        float[] all = new float[q.length];
        try (CpuKvCache cache = (CpuKvCache) backend.kvCache(shape)) {
            for (int from = 0; from < TOKENS; from += batch) {
                int count = Math.min(batch, TOKENS - from);
                CpuActivation qs = rows(q, from, count, qDim);
                backend.kvAppend(cache, 0, rows(k, from, count, kvDim), rows(v, from, count, kvDim), from, count);
                CpuActivation out = new CpuActivation(count, qDim);
                backend.attention(cache, 0, qs, out, from, count);
                System.arraycopy(out.data(), 0, all, from * qDim, count * qDim);
            }
        }
        return all;
    }

    private static double[] reference(float[] q, float[] k, float[] v, int heads, int kvHeads, int headDim) {
        double[] out = new double[q.length];
        int group = heads / kvHeads;
        for (int t = 0; t < TOKENS; t++) {
            for (int h = 0; h < heads; h++) {
                int qOff = (t * heads + h) * headDim;
                int kvOff = (h / group) * headDim;
                double[] scores = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p <= t; p++) {
                    for (int i = 0; i < headDim; i++) {
                        scores[p] += (double) q[qOff + i] * k[p * kvHeads * headDim + kvOff + i];
                    }
                    scores[p] /= Math.sqrt(headDim);
                    max = Math.max(max, scores[p]);
                }
                double sum = 0;
                for (int p = 0; p <= t; p++) {
                    scores[p] = Math.exp(scores[p] - max);
                    sum += scores[p];
                }
                for (int p = 0; p <= t; p++) {
                    for (int i = 0; i < headDim; i++) {
                        out[qOff + i] += scores[p] / sum * v[p * kvHeads * headDim + kvOff + i];
                    }
                }
            }
        }
        return out;
    }

    /** The values as the cache holds them: rounded to half floats for an F16 cache. */
    private static float[] stored(float[] x, GgmlType type) {
        float[] s = x.clone();
        if (type == GgmlType.F16) {
            for (int i = 0; i < s.length; i++) {
                s[i] = Float.float16ToFloat(Float.floatToFloat16(s[i]));
            }
        }
        return s;
    }

    private static CpuActivation rows(float[] x, int from, int count, int cols) {
        float[] data = new float[count * cols];
        System.arraycopy(x, from * cols, data, 0, count * cols);
        return new CpuActivation(data, count, cols);
    }

    private static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
