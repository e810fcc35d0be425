package dev.cairn.backend.cpu;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Backend;
import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import dev.cairn.backend.Rotary;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.VectorMath;
import dev.cairn.tensor.quant.Kernels;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes on the CPU with the Vector API kernels: weights where they lie in host memory, activations on
 * the heap, KV caches off it. Matrix products and attention split over a {@link ThreadTeam}; the
 * element-wise steps run on the calling thread.
 */
public final class CpuBackend implements Backend {

    private final ThreadTeam team;
    private final MatVec matVec = new MatVec();
    private final Gemm gemm = new Gemm();
    private final Attention attention = new Attention();
    private final Set<CpuKvCache> caches = ConcurrentHashMap.newKeySet();
    private float[] cos = new float[0]; // (pairs) rotary angles of the current position
    private float[] sin = new float[0];

    public CpuBackend(int threads) {
        this.team = new ThreadTeam(threads);
    }

    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "CPU (" + Kernels.describe() + ", " + team.size() + " threads)";
    }

    public int threads() {
        return team.size();
    }

    @Override
    public Weight weight(Tensor tensor) {
        return CpuWeight.of(tensor);
    }

    @Override
    public Activation activation(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an activation has at least one row and column, not " + rows + " x " + cols);
        }
        return new CpuActivation(rows, cols);
    }

    @Override
    public KvCache kvCache(KvShape shape) {
        return new CpuKvCache(shape, caches);
    }

    @Override
    public void embed(Weight table, int[] tokens, int from, int count, Activation out) {
        Tensor t = cpu(table).tensor();
        float[] x = cpu(out).data();
        for (int b = 0; b < count; b++) {
            t.dequantizeRow(tokens[from + b], x, b * t.cols());
        }
    }

    @Override
    public void rmsNorm(Activation x, Weight weight, float eps, Activation out, int count) {
        float[] w = cpu(weight).vector();
        int n = x.cols();
        for (int t = 0; t < count; t++) {
            RowOps.rmsNorm(cpu(out).data(), t * n, cpu(x).data(), t * n, w, n, eps);
        }
    }

    @Override
    public void rmsNormHeads(Activation x, Weight weight, float eps, int count) {
        float[] w = cpu(weight).vector();
        float[] data = cpu(x).data();
        int headDim = w.length;
        for (int t = 0; t < count; t++) {
            for (int at = t * x.cols(), end = at + x.cols(); at < end; at += headDim) {
                RowOps.rmsNorm(data, at, data, at, w, headDim, eps);
            }
        }
    }

    @Override
    public void matMul(Activation x, Weight[] ws, Activation[] outs, int count) {
        for (int i = 0; i < ws.length; i++) {
            if (ws[i].cols() != x.cols() || outs[i].cols() != ws[i].rows() || outs[i].rows() < count) {
                throw new IllegalArgumentException(ws[i].name() + " (" + ws[i].rows() + " x " + ws[i].cols()
                        + ") does not take " + x.cols() + " inputs into " + outs[i].cols() + " outputs");
            }
        }
        if (count == 1) {
            team.parallelFor(matVec.prepare(cpu(x), ws, outs), matVec);
        } else {
            int chunks = gemm.prepare(cpu(x), count, ws, outs);
            for (int block = 0; block < gemm.blocks(); block++) {
                gemm.selectBlock(block);
                team.parallelFor(chunks, gemm);
            }
        }
    }

    @Override
    public void addBias(Activation x, Weight bias, int count) {
        float[] b = cpu(bias).vector();
        for (int t = 0; t < count; t++) {
            RowOps.add(cpu(x).data(), t * x.cols(), b, 0, x.cols());
        }
    }

    @Override
    public void rope(Activation q, Activation k, int headDim, Rotary rotary, int firstPosition, int count) {
        int pairs = rotary.pairs();
        if (cos.length < pairs) {
            cos = new float[pairs];
            sin = new float[pairs];
        }
        for (int t = 0; t < count; t++) {
            RowOps.angles(rotary, firstPosition + t, cos, sin);
            RowOps.rotate(cpu(q).data(), t * q.cols(), q.cols() / headDim, headDim, rotary.layout(), cos, sin, pairs);
            RowOps.rotate(cpu(k).data(), t * k.cols(), k.cols() / headDim, headDim, rotary.layout(), cos, sin, pairs);
        }
    }

    @Override
    public void kvAppend(KvCache kv, int layer, Activation k, Activation v, int firstPosition, int count) {
        CpuKvCache cache = cpu(kv);
        for (int t = 0; t < count; t++) {
            cache.store(layer, firstPosition + t, cpu(k).data(), t * k.cols(), cpu(v).data(), t * v.cols());
        }
    }

    @Override
    public void attention(KvCache kv, int layer, Activation q, Activation out, int firstPosition,
            int count) {
        team.parallelFor(attention.prepare(cpu(kv), layer, cpu(q), cpu(out), firstPosition, count), attention);
    }

    @Override
    public void swiGlu(Activation gate, Activation up, int count) {
        VectorMath.swiGlu(cpu(gate).data(), cpu(up).data(), count * gate.cols());
    }

    @Override
    public void add(Activation acc, Activation x, int count) {
        RowOps.add(cpu(acc).data(), 0, cpu(x).data(), 0, count * acc.cols());
    }

    @Override
    public void copyRow(Activation src, int srcRow, Activation dst, int dstRow) {
        System.arraycopy(cpu(src).data(), srcRow * src.cols(), cpu(dst).data(), dstRow * dst.cols(), src.cols());
    }

    @Override
    public void read(Activation src, int rows, float[] dst) {
        System.arraycopy(cpu(src).data(), 0, dst, 0, rows * src.cols());
    }

    /** Stops the threads and frees the KV caches still open. */
    @Override
    public void close() {
        team.close();
        for (CpuKvCache cache : caches) {
            cache.close();
        }
    }

    private static CpuWeight cpu(Weight w) {
        return (CpuWeight) w;
    }

    private static CpuActivation cpu(Activation a) {
        return (CpuActivation) a;
    }

    private static CpuKvCache cpu(KvCache kv) {
        return (CpuKvCache) kv;
    }
}
