package dev.cairn.backend;

import dev.cairn.tensor.Tensor;
import java.util.OptionalLong;

/**
 * The compute a forward pass needs, on memory the backend owns: the forward pass holds handles (weights,
 * activations, the KV cache) and sequences these operations on them; data crosses to the caller only when
 * the logits are read back. Activations hold one row per token, and every operation works on the first
 * {@code count} rows, so one decoded token is a batch of one (a backend picks its mat-vec kernel for it).
 *
 * <p>Shapes follow from the handles: head counts are widths divided by the head size, and the head size
 * of a per-head norm is its weight's length. Not thread-safe: one forward pass at a time.
 */
public interface Backend extends Allocator, AutoCloseable {

    /** What computes, for people: "CPU (Vector API 512-bit, 2 threads)". */
    String name();

    /**
     * The memory of the device this backend computes on, where a model's weights, KV cache and scratch must
     * all fit; empty when it computes in host memory (the CPU), which the memory budget governs.
     */
    default OptionalLong deviceMemoryBytes() {
        return OptionalLong.empty();
    }

    /**
     * Device memory for a streaming layer cache: {@code slots} slots with {@code placeBytes[p]} bytes at place
     * {@code p}, and {@code stagings} staging buffers of {@code stagingBytes}. Only a backend with its own memory has them.
     */
    default DeviceSlots deviceSlots(int slots, long[] placeBytes, int stagings, long stagingBytes) {
        throw new UnsupportedOperationException(name() + " computes in host memory: layers stream into it directly");
    }

    /** Runs everything recorded and waits for it (a backend that computes as it is called has nothing to do). */
    default void finish() {
    }

    /** {@code tensor} where this backend computes: a view of its bytes, or a copy; valid until {@link #close}. */
    Weight weight(Tensor tensor);

    /** Marks where layer {@code layer}'s operations begin, for a backend that times its layers itself. */
    default void beginLayer(int layer) {
    }

    /** Marks where layer {@code layer}'s operations end. */
    default void endLayer(int layer) {
    }

    /**
     * Asks this backend to report when each layer between {@link #beginLayer} and {@link #endLayer} really
     * computed. Returns whether it will: a backend that computes as it is called (the CPU) does not, and
     * the caller times the calls instead.
     */
    default boolean timeLayers(LayerTimer timer) {
        return false;
    }

    /** {@code out[t] = table[tokens[from + t]]}, each row decoded to floats. */
    void embed(Weight table, int[] tokens, int from, int count, Activation out);

    /** {@code out[t] = x[t] / rms(x[t]) * weight}, accumulated in double as GGML does. */
    void rmsNorm(Activation x, Weight weight, float eps, Activation out, int count);

    /** RMS norm of each head of {@code x} on its own, in place, with one weight vector (the head size) for all. */
    void rmsNormHeads(Activation x, Weight weight, float eps, int count);

    /**
     * {@code outs[i][t] = ws[i] · x[t]} for every matrix {@code i}: several matrices that read the same input
     * in one pass. Callers on the hot path keep their arrays, so nothing is allocated per call.
     */
    void matMul(Activation x, Weight[] ws, Activation[] outs, int count);

    /** {@code x[t] += bias}. */
    void addBias(Activation x, Weight bias, int count);

    /** Rotates the heads of {@code q} and {@code k} (rows {@code t} at position {@code firstPosition + t}). */
    void rope(Activation q, Activation k, int headDim, Rotary rotary, int firstPosition, int count);

    /** Stores the keys {@code k[t]} and values {@code v[t]} of positions {@code firstPosition + t} in {@code layer}. */
    void kvAppend(KvCache kv, int layer, Activation k, Activation v, int firstPosition, int count);

    /**
     * Causal attention of the queries {@code q[t]} (position {@code firstPosition + t}) over the cache's
     * positions up to their own, grouped-query heads sharing KV heads. Every backend computes the softmax
     * online, so no row of scores over the context is kept.
     */
    void attention(KvCache kv, int layer, Activation q, Activation out, int firstPosition, int count);

    /** {@code gate[t] = silu(gate[t]) * up[t]}. */
    void swiGlu(Activation gate, Activation up, int count);

    /** {@code acc[t] += x[t]}: the residual connection. */
    void add(Activation acc, Activation x, int count);

    /** Copies row {@code srcRow} of {@code src} into row {@code dstRow} of {@code dst}. */
    void copyRow(Activation src, int srcRow, Activation dst, int dstRow);

    /** Reads the first {@code rows} rows of {@code src} back into {@code dst}, row after row. */
    void read(Activation src, int rows, float[] dst);

    /** Releases everything this backend allocated, and its threads. */
    @Override
    void close();
}
