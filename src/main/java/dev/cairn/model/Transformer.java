package dev.cairn.model;

import dev.cairn.backend.Backend;
import dev.cairn.tensor.Tensor;

/**
 * The forward pass of a Llama-family decoder, one token at a time. Reads top to bottom like llama2.c;
 * the architecture switches (biases, Q/K norm, rotary layout) come from {@link ModelConfig}.
 */
public final class Transformer {

    private final ModelConfig config;
    private final Weights weights;
    private final Backend backend;
    private final double[] ropeInverseFrequencies; // (rope_dim / 2)
    private final LayerSource layers;
    private final Tensor[] output;     // {classifier}

    /** A transformer over the mapped weights. */
    public Transformer(ModelConfig config, Weights weights, Backend backend) {
        this(config, weights, backend, new MappedLayers(weights));
    }

    /** A transformer that takes each layer's matrices from {@code layers} (a streaming cache, say). */
    public Transformer(ModelConfig config, Weights weights, Backend backend, LayerSource layers) {
        this.config = config;
        this.weights = weights;
        this.backend = backend;
        this.layers = layers;
        this.ropeInverseFrequencies = Rope.inverseFrequencies(config, weights.ropeFreqFactors());
        output = new Tensor[] {weights.output()};
    }

    public ModelConfig config() {
        return config;
    }

    public Weights weights() {
        return weights;
    }

    public Backend backend() {
        return backend;
    }

    public LayerSource layers() {
        return layers;
    }

    /** Evaluates {@code token} at the state's current position and leaves its logits in the state. */
    public float[] forward(InferenceState s, int token) {
        int pos = s.position();
        if (pos >= s.contextLength()) {
            throw new IllegalStateException("context is full (" + s.contextLength() + " tokens)");
        }
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("token id " + token + " is outside the vocabulary of " + config.vocabSize());
        }
        int dim = config.dim();

        // Token embedding into the residual stream.
        weights.tokenEmbedding().dequantizeRow(token, s.x, 0);
        Rope.angles(ropeInverseFrequencies, pos * config.ropeScale(), s.ropeCos, s.ropeSin);

        for (int l = 0; l < config.layers(); l++) {
            LayerWeights w = weights.layers().get(l);
            LayerMatrices m = layers.acquire(l);
            try {
                // Attention: normalise, project to Q/K/V (plus biases), per-head Q/K norm, rotate.
                Ops.rmsNorm(s.xb, s.x, w.attnNorm(), dim, config.rmsEps());
                backend.matVecs(s.xb, m.qkv, s.qkvOut);
                if (w.bq() != null) {
                    Ops.add(s.q, w.bq(), config.qDim());
                    Ops.add(s.k, w.bk(), config.kvDim());
                    Ops.add(s.v, w.bv(), config.kvDim());
                }
                if (w.qNorm() != null) {
                    Ops.rmsNormHeads(s.q, w.qNorm(), config.heads(), config.headDim(), config.rmsEps());
                    Ops.rmsNormHeads(s.k, w.kNorm(), config.kvHeads(), config.headDim(), config.rmsEps());
                }
                Rope.rotate(s.q, config.heads(), config.headDim(), config.architecture().ropeType(), s.ropeCos, s.ropeSin);
                Rope.rotate(s.k, config.kvHeads(), config.headDim(), config.architecture().ropeType(), s.ropeCos, s.ropeSin);

                // Append this position's K and V to the cache, then attend over positions 0..pos.
                s.kv.store(l, pos, s.k, s.v);
                s.attention.run(l, pos, config.heads(), backend);

                // Output projection joins the residual stream.
                backend.matVecs(s.att, m.wo, s.projOut);
                Ops.add(s.x, s.proj, dim);

                // Feed-forward: normalise, SwiGLU, down projection into the residual stream.
                Ops.rmsNorm(s.xb, s.x, w.ffnNorm(), dim, config.rmsEps());
                backend.matVecs(s.xb, m.gateUp, s.gateUpOut);
                Ops.swiGlu(s.gate, s.up, config.ffnDim());
                backend.matVecs(s.gate, m.down, s.projOut);
                Ops.add(s.x, s.proj, dim);
            } finally {
                layers.release(l); // also when the pass fails, so the slot is not left held
            }
        }
        layers.passEnd(1);

        // Final norm and classifier.
        Ops.rmsNorm(s.x, s.x, weights.outputNorm(), dim, config.rmsEps());
        backend.matVecs(s.x, output, s.logitsOut);
        s.advance();
        return s.logits;
    }

    /**
     * Evaluates a whole prompt, in batches that decode each weight row once for many tokens, and leaves
     * the last token's logits in the state. Same results as calling {@link #forward} per token, up to
     * float rounding.
     */
    public float[] forwardPrompt(InferenceState s, int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to evaluate");
        }
        for (int from = 0; from < tokens.length; from += PROMPT_BATCH) {
            forwardPrompt(s, tokens, from, Math.min(PROMPT_BATCH, tokens.length - from));
        }
        return s.logits;
    }

    /** Most tokens one batched step evaluates; callers that want to stop early check between such steps. */
    public static final int PROMPT_BATCH = BatchBuffers.MAX_TOKENS;

    /** Evaluates {@code tokens[from..from+count)}, {@code count <= PROMPT_BATCH}, batched when it pays. */
    public float[] forwardPrompt(InferenceState s, int[] tokens, int from, int count) {
        if (count == 1) {
            return forward(s, tokens[from]);
        }
        forwardBatch(s, tokens, from, count, null);
        return s.logits;
    }

    /**
     * Evaluates {@code tokens[from..from+count)} (at most {@link BatchBuffers#MAX_TOKENS}) at the state's
     * next positions. The last token's logits go to the state; every token's go to {@code allLogits}
     * ({@code (count, vocab)}) when it is not null.
     */
    public void forwardBatch(InferenceState s, int[] tokens, int from, int count, float[] allLogits) {
        int pos = s.position();
        if (count < 1 || count > BatchBuffers.MAX_TOKENS) {
            throw new IllegalArgumentException("a batch holds 1 to " + BatchBuffers.MAX_TOKENS + " tokens, not " + count);
        }
        if (pos + count > s.contextLength()) {
            throw new IllegalStateException("context is full (" + s.contextLength() + " tokens)");
        }
        BatchBuffers b = s.batch(config);
        int dim = config.dim();
        int qDim = config.qDim();
        int kvDim = config.kvDim();
        float eps = config.rmsEps();
        RopeType ropeType = config.architecture().ropeType();

        // Token embeddings, one row each.
        for (int t = 0; t < count; t++) {
            int token = tokens[from + t];
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary of " + config.vocabSize());
            }
            weights.tokenEmbedding().dequantizeRow(token, b.x, t * dim);
        }

        for (int l = 0; l < config.layers(); l++) {
            LayerWeights w = weights.layers().get(l);
            LayerMatrices m = layers.acquire(l);
            try {
                // Attention inputs for every token: norm, Q/K/V in one batched pass, biases, Q/K norm, rotary.
                for (int t = 0; t < count; t++) {
                    Ops.rmsNorm(b.xb, t * dim, b.x, t * dim, w.attnNorm(), dim, eps);
                }
                backend.matMuls(b.xb, count, m.qkv, b.qkvOut);
                for (int t = 0; t < count; t++) {
                    if (w.bq() != null) {
                        Ops.add(b.q, t * qDim, w.bq(), 0, qDim);
                        Ops.add(b.k, t * kvDim, w.bk(), 0, kvDim);
                        Ops.add(b.v, t * kvDim, w.bv(), 0, kvDim);
                    }
                    if (w.qNorm() != null) {
                        Ops.rmsNormHeads(b.q, t * qDim, w.qNorm(), config.heads(), config.headDim(), eps);
                        Ops.rmsNormHeads(b.k, t * kvDim, w.kNorm(), config.kvHeads(), config.headDim(), eps);
                    }
                    Rope.angles(ropeInverseFrequencies, (pos + t) * config.ropeScale(), s.ropeCos, s.ropeSin);
                    Rope.rotate(b.q, t * qDim, config.heads(), config.headDim(), ropeType, s.ropeCos, s.ropeSin);
                    Rope.rotate(b.k, t * kvDim, config.kvHeads(), config.headDim(), ropeType, s.ropeCos, s.ropeSin);
                    s.kv.store(l, pos + t, b.k, t * kvDim, b.v, t * kvDim);
                }

                // Causal attention: token t sees positions up to pos + t.
                s.attention.run(l, pos, count, b.q, b.att, config.heads(), backend);

                // Output projection, then the feed-forward block, each joining the residual stream.
                backend.matMuls(b.att, count, m.wo, b.projOut);
                Ops.add(b.x, b.proj, count * dim);
                for (int t = 0; t < count; t++) {
                    Ops.rmsNorm(b.xb, t * dim, b.x, t * dim, w.ffnNorm(), dim, eps);
                }
                backend.matMuls(b.xb, count, m.gateUp, b.gateUpOut);
                Ops.swiGlu(b.gate, b.up, count * config.ffnDim());
                backend.matMuls(b.gate, count, m.down, b.projOut);
                Ops.add(b.x, b.proj, count * dim);
            } finally {
                layers.release(l); // also when the pass fails, so the slot is not left held
            }
        }
        layers.passEnd(count);

        // Final norm; the classifier for the last token, or for all when asked.
        for (int t = 0; t < count; t++) {
            Ops.rmsNorm(b.x, t * dim, b.x, t * dim, weights.outputNorm(), dim, eps);
        }
        if (allLogits != null) {
            backend.matMuls(b.x, count, output, new float[][] {allLogits});
        }
        System.arraycopy(b.x, (count - 1) * dim, s.x, 0, dim);
        backend.matVecs(s.x, output, s.logitsOut);
        s.advance(count);
    }
}
