package dev.cairn.model;

import static dev.cairn.model.LayerTensor.ATTN_K_BIAS;
import static dev.cairn.model.LayerTensor.ATTN_K_NORM;
import static dev.cairn.model.LayerTensor.ATTN_NORM;
import static dev.cairn.model.LayerTensor.ATTN_Q_BIAS;
import static dev.cairn.model.LayerTensor.ATTN_Q_NORM;
import static dev.cairn.model.LayerTensor.ATTN_V_BIAS;
import static dev.cairn.model.LayerTensor.FFN_NORM;

import dev.cairn.backend.Backend;
import dev.cairn.backend.Rotary;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.quant.GgmlType;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The forward pass of a Llama-family decoder over a batch of tokens; one decoded token is a batch of one.
 * Reads top to bottom like llama2.c; the architecture switches (biases, Q/K norm, rotary layout) come
 * from {@link ModelConfig}. It only sequences the backend's operations on handles: the data stays where
 * the backend computes until the logits are read back.
 *
 * <p>Sessions (each its own {@link InferenceState}) may run on different threads: the backend runs one
 * pass at a time, so every pass (and every allocation of a state) takes this transformer's fair lock.
 * Waiting sessions get their turns in arrival order, so concurrent sessions interleave pass by pass.
 */
public final class Transformer {

    /** Most tokens one {@link #forward(InferenceState, int[], int, int)} takes; callers that stop early check between. */
    public static final int PROMPT_BATCH = InferenceState.MAX_BATCH;

    private final ModelConfig config;
    private final Backend backend;
    private final LayerSource layers;
    private final Weight tokenEmbedding; // (vocab, dim)
    private final Weight outputNorm;     // (dim)
    private final Weight[] output;       // {classifier (vocab, dim)}
    private final Rotary rotary;
    private final boolean qkvBias;
    private final boolean qkNorm;
    private final ReentrantLock turns = new ReentrantLock(true);

    /** A transformer whose layers come from {@code layers} (resident or a streaming cache) on {@code backend}. */
    public Transformer(ModelConfig config, Weights weights, Backend backend, LayerSource layers) {
        this.config = config;
        this.backend = backend;
        this.layers = layers;
        this.tokenEmbedding = backend.weight(weights.tokenEmbedding());
        this.outputNorm = backend.weight(weights.outputNorm());
        this.output = new Weight[] {weights.tiedOutput() ? tokenEmbedding : backend.weight(weights.output())};
        this.rotary = Rope.of(config, weights.ropeFreqFactors());
        this.qkvBias = config.architecture().hasQkvBias();
        this.qkNorm = config.architecture().hasQkNorm();
    }

    public ModelConfig config() {
        return config;
    }

    public Backend backend() {
        return backend;
    }

    public LayerSource layers() {
        return layers;
    }

    /** A fresh per-session state for {@code contextLength} positions, in the backend's memory. */
    public InferenceState newState(int contextLength, GgmlType kvType) {
        turns.lock();
        try {
            return new InferenceState(config, contextLength, kvType, backend);
        } finally {
            turns.unlock();
        }
    }

    /**
     * Runs {@code work} while no forward pass runs: passes that come meanwhile wait their turn until it
     * returns (closing the model's memory, say, after the pass in progress).
     */
    public void exclusively(Runnable work) {
        turns.lock();
        try {
            work.run();
        } finally {
            turns.unlock();
        }
    }

    /** How many threads wait for their turn to run a forward pass (or exclusive work). */
    public int waitingForTurn() {
        return turns.getQueueLength();
    }

    /** Evaluates {@code token} at the state's next position; returns its logits (the state's array). */
    public float[] forward(InferenceState s, int token) {
        s.oneToken[0] = token;
        return forward(s, s.oneToken, 0, 1);
    }

    /**
     * Evaluates {@code tokens[from..from+count)} ({@code count <= PROMPT_BATCH}) at the state's next
     * positions; returns the last token's logits (the state's array).
     */
    public float[] forward(InferenceState s, int[] tokens, int from, int count) {
        pass(s, tokens, from, count, null);
        return s.logits;
    }

    /** As {@link #forward(InferenceState, int[], int, int)}, also writing every token's logits to {@code allLogits} {@code (count, vocab)}. */
    public void forwardAll(InferenceState s, int[] tokens, int from, int count, float[] allLogits) {
        pass(s, tokens, from, count, allLogits);
    }

    /** Evaluates a prompt of any length in batches of {@link #PROMPT_BATCH}; returns the last token's logits. */
    public float[] forwardPrompt(InferenceState s, int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to evaluate");
        }
        for (int from = 0; from < tokens.length; from += PROMPT_BATCH) {
            forward(s, tokens, from, Math.min(PROMPT_BATCH, tokens.length - from));
        }
        return s.logits;
    }

    private void pass(InferenceState s, int[] tokens, int from, int count, float[] allLogits) {
        check(s, tokens, from, count);
        turns.lock();
        try {
            evaluate(s, tokens, from, count, allLogits);
        } catch (RuntimeException | Error e) {
            layers.explain(e);
            throw e;
        } finally {
            turns.unlock();
        }
    }

    private void evaluate(InferenceState s, int[] tokens, int from, int count, float[] allLogits) {
        int pos = s.position();
        float eps = config.rmsEps();

        // Token embeddings into the residual stream, a row per token.
        backend.embed(tokenEmbedding, tokens, from, count, s.x);

        for (int l = 0; l < config.layers(); l++) {
            Layer w = layers.acquire(l);
            backend.beginLayer(l);
            try {
                // Attention: normalise, project to Q/K/V (plus biases), per-head Q/K norm, rotate.
                backend.rmsNorm(s.x, w.get(ATTN_NORM), eps, s.xb, count);
                backend.matMul(s.xb, w.qkv, s.qkvOut, count);
                if (qkvBias) {
                    backend.addBias(s.q, w.get(ATTN_Q_BIAS), count);
                    backend.addBias(s.k, w.get(ATTN_K_BIAS), count);
                    backend.addBias(s.v, w.get(ATTN_V_BIAS), count);
                }
                if (qkNorm) {
                    backend.rmsNormHeads(s.q, w.get(ATTN_Q_NORM), eps, count);
                    backend.rmsNormHeads(s.k, w.get(ATTN_K_NORM), eps, count);
                }
                backend.rope(s.q, s.k, config.headDim(), rotary, pos, count);

                // Append the batch's keys and values to the cache; token t attends to positions 0..pos+t.
                backend.kvAppend(s.kv, l, s.k, s.v, pos, count);
                backend.attention(s.kv, l, s.q, s.att, pos, count);

                // Output projection joins the residual stream.
                backend.matMul(s.att, w.wo, s.projOut, count);
                backend.add(s.x, s.proj, count);

                // Feed-forward: normalise, SwiGLU, down projection into the residual stream.
                backend.rmsNorm(s.x, w.get(FFN_NORM), eps, s.xb, count);
                backend.matMul(s.xb, w.gateUp, s.gateUpOut, count);
                backend.swiGlu(s.gate, s.up, count);
                backend.matMul(s.gate, w.down, s.projOut, count);
                backend.add(s.x, s.proj, count);
            } finally {
                backend.endLayer(l);
                layers.release(l); // also when the pass fails, so the slot is not left held
            }
        }
        layers.passEnd(count);

        // Final norm; the classifier for every token when asked, and for the last one into the state.
        backend.rmsNorm(s.x, outputNorm, eps, s.xb, count);
        if (allLogits != null) {
            backend.matMul(s.xb, output, s.allLogitsOut(), count);
            backend.read(s.allLogitsOut()[0], count, allLogits);
        }
        if (count > 1) {
            backend.copyRow(s.xb, count - 1, s.xb, 0);
        }
        backend.matMul(s.xb, output, s.logitsOut, 1);
        backend.read(s.lastLogits, 1, s.logits);
        s.advance(count);
    }

    private void check(InferenceState s, int[] tokens, int from, int count) {
        if (count < 1 || count > PROMPT_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + PROMPT_BATCH + " tokens, not " + count);
        }
        if (s.position() + count > s.contextLength()) {
            throw new IllegalStateException("context is full (" + s.contextLength() + " tokens)");
        }
        for (int t = from; t < from + count; t++) {
            if (tokens[t] < 0 || tokens[t] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + tokens[t] + " is outside the vocabulary of "
                        + config.vocabSize());
            }
        }
    }
}
