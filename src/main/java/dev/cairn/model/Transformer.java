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
    private final Tensor[][] qkv;      // (layers) {wq, wk, wv}: one parallel pass over the same input
    private final Tensor[][] gateUp;   // (layers) {w_gate, w_up}
    private final Tensor[][] wo;       // (layers) {wo}
    private final Tensor[][] down;     // (layers) {w_down}
    private final Tensor[] output;     // {classifier}

    public Transformer(ModelConfig config, Weights weights, Backend backend) {
        this.config = config;
        this.weights = weights;
        this.backend = backend;
        this.ropeInverseFrequencies = Rope.inverseFrequencies(config, weights.ropeFreqFactors());
        int layers = config.layers();
        qkv = new Tensor[layers][];
        gateUp = new Tensor[layers][];
        wo = new Tensor[layers][];
        down = new Tensor[layers][];
        for (int l = 0; l < layers; l++) {
            LayerWeights w = weights.layers().get(l);
            qkv[l] = new Tensor[] {w.wq(), w.wk(), w.wv()};
            gateUp[l] = new Tensor[] {w.wGate(), w.wUp()};
            wo[l] = new Tensor[] {w.wo()};
            down[l] = new Tensor[] {w.wDown()};
        }
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

            // Attention: normalise, project to Q/K/V (plus biases), per-head Q/K norm, rotate.
            Ops.rmsNorm(s.xb, s.x, w.attnNorm(), dim, config.rmsEps());
            backend.matVecs(s.xb, qkv[l], s.qkvOut);
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
            backend.matVecs(s.att, wo[l], s.projOut);
            Ops.add(s.x, s.proj, dim);

            // Feed-forward: normalise, SwiGLU, down projection into the residual stream.
            Ops.rmsNorm(s.xb, s.x, w.ffnNorm(), dim, config.rmsEps());
            backend.matVecs(s.xb, gateUp[l], s.gateUpOut);
            Ops.swiGlu(s.gate, s.up, config.ffnDim());
            backend.matVecs(s.gate, down[l], s.projOut);
            Ops.add(s.x, s.proj, dim);
        }

        // Final norm and classifier.
        Ops.rmsNorm(s.x, s.x, weights.outputNorm(), dim, config.rmsEps());
        backend.matVecs(s.x, output, s.logitsOut);
        s.advance();
        return s.logits;
    }
}
