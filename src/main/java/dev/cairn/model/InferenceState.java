package dev.cairn.model;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Allocator;
import dev.cairn.backend.DeviceMemory;
import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import dev.cairn.tensor.quant.GgmlType;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-session mutable state of the forward pass: activations and the KV cache, in the backend's memory,
 * and the position. One per conversation; never shared between threads that run different sessions.
 * Close it to free its memory at once (the backend frees what is left when it closes).
 */
public final class InferenceState implements AutoCloseable {

    /**
     * Most tokens one forward pass takes: enough to amortise decoding each weight row (the CPU GEMM cuts wide
     * inputs into column blocks that stay in cache), few enough that a stop request waits for one batch only.
     * 128 against 64, tinyllama Q8_0 prompt A/B: 87.3, 88.3, 90.7 -> 94.2, 96.6, 101.8 tok/s.
     */
    public static final int MAX_BATCH = 128;

    final Activation x;          // (batch, dim) residual stream
    final Activation xb;         // (batch, dim) normalised input of the current sub-block
    final Activation q;          // (batch, q_dim)
    final Activation k;          // (batch, kv_dim)
    final Activation v;          // (batch, kv_dim)
    final Activation att;        // (batch, q_dim) attention output before the output projection
    final Activation proj;       // (batch, dim) output of wo / w_down before it joins the residual
    final Activation gate;       // (batch, ffn_dim)
    final Activation up;         // (batch, ffn_dim)
    final Activation lastLogits; // (1, vocab)
    final KvCache kv;            // (layers, context, kv_dim) keys and values
    final Activation[] qkvOut;   // {q, k, v}: outputs of the fused Q/K/V projection
    final Activation[] gateUpOut; // {gate, up}
    final Activation[] projOut;  // {proj}
    final Activation[] logitsOut; // {lastLogits}
    final float[] logits;        // (vocab) the last token's logits, read back for the caller
    final int[] oneToken = new int[1]; // the batch of a decoded token
    private final Allocator memory;
    private final List<DeviceMemory> held = new ArrayList<>();
    private final int contextLength;
    private Activation[] allLogitsOut; // {(batch, vocab)} only once a caller asks for every token's logits
    private int position;
    private boolean closed;

    /** A state for {@code contextLength} positions whose KV cache stores {@code kvType} (F16 or F32). */
    public InferenceState(ModelConfig c, int contextLength, GgmlType kvType, Allocator memory) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be at least 1, was " + contextLength);
        }
        this.contextLength = contextLength;
        this.memory = memory;
        try {
            x = hold(memory.activation(MAX_BATCH, c.dim()));
            xb = hold(memory.activation(MAX_BATCH, c.dim()));
            q = hold(memory.activation(MAX_BATCH, c.qDim()));
            k = hold(memory.activation(MAX_BATCH, c.kvDim()));
            v = hold(memory.activation(MAX_BATCH, c.kvDim()));
            att = hold(memory.activation(MAX_BATCH, c.qDim()));
            proj = hold(memory.activation(MAX_BATCH, c.dim()));
            gate = hold(memory.activation(MAX_BATCH, c.ffnDim()));
            up = hold(memory.activation(MAX_BATCH, c.ffnDim()));
            lastLogits = hold(memory.activation(1, c.vocabSize()));
            kv = hold(memory.kvCache(new KvShape(kvType, c.layers(), contextLength, c.kvHeads(), c.headDim())));
        } catch (RuntimeException | OutOfMemoryError e) {
            close();
            throw e;
        }
        qkvOut = new Activation[] {q, k, v};
        gateUpOut = new Activation[] {gate, up};
        projOut = new Activation[] {proj};
        logitsOut = new Activation[] {lastLogits};
        logits = new float[c.vocabSize()];
    }

    /** What a state of this shape holds, counted from the allocations a real one makes. */
    public record Memory(long kvBytes, long activationBytes) {
    }

    public static Memory memory(ModelConfig config, int contextLength, GgmlType kvType) {
        try (InferenceState layout = new InferenceState(config, contextLength, kvType, new SizingAllocator())) {
            long total = Activation.bytes(1, layout.logits.length); // the host copy of the logits
            for (DeviceMemory m : layout.held) {
                total += m.byteSize();
            }
            return new Memory(layout.kv.byteSize(), total - layout.kv.byteSize());
        }
    }

    private <T extends DeviceMemory> T hold(T allocated) {
        held.add(allocated);
        return allocated;
    }

    /** {@code {(batch, vocab)}} for every token's logits; allocated the first time a caller asks. */
    Activation[] allLogitsOut() {
        if (allLogitsOut == null) {
            allLogitsOut = new Activation[] {hold(memory.activation(MAX_BATCH, logits.length))};
        }
        return allLogitsOut;
    }

    public KvCache kvCache() {
        return kv;
    }

    public int contextLength() {
        return contextLength;
    }

    /** Number of tokens already in the KV cache; the next token is evaluated at this position. */
    public int position() {
        return position;
    }

    void advance(int tokens) {
        position += tokens;
    }

    /** Forgets the conversation so the state can be reused from position 0. */
    public void reset() {
        position = 0;
    }

    /**
     * Keeps only the first {@code keep} positions of the KV cache, so a conversation that shares that
     * prefix continues from there; later entries are overwritten as new tokens are evaluated.
     */
    public void rewind(int keep) {
        if (keep < 0 || keep > position) {
            throw new IllegalArgumentException("cannot rewind to " + keep + ": the cache holds " + position + " positions");
        }
        position = keep;
    }

    /** Logits of the last evaluated token. The array is reused by the next forward pass. */
    public float[] logits() {
        return logits;
    }

    /** Frees the activations and the KV cache; the state cannot be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            held.forEach(DeviceMemory::close);
        }
    }
}
