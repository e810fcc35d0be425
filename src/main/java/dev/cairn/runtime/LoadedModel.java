package dev.cairn.runtime;

import dev.cairn.backend.Backend;
import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.InferenceState;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.ModelLoader;
import dev.cairn.model.Transformer;
import dev.cairn.model.Weights;
import dev.cairn.tensor.GgmlType;
import dev.cairn.tokenizer.Tokenizer;
import dev.cairn.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;

/** A model file opened for inference: mapped weights, tokenizer and a compute backend. */
public final class LoadedModel implements AutoCloseable {

    private final GgufFile file;
    private final Transformer transformer;
    private final Tokenizer tokenizer;

    private LoadedModel(GgufFile file, Transformer transformer, Tokenizer tokenizer) {
        this.file = file;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
    }

    /** Opens {@code path} and computes on the CPU with {@code threads} threads. */
    public static LoadedModel open(Path path, int threads) throws IOException {
        GgufFile file = GgufFile.open(path);
        Backend backend = null;
        try {
            ModelConfig config = ModelLoader.config(file);
            Weights weights = ModelLoader.weights(file, config);
            Tokenizer tokenizer = Tokenizers.fromMetadata(file.metadata(), file.path());
            backend = new CpuBackend(threads);
            return new LoadedModel(file, new Transformer(config, weights, backend), tokenizer);
        } catch (RuntimeException e) {
            if (backend != null) {
                backend.close();
            }
            file.close();
            throw e;
        }
    }

    public GgufFile file() {
        return file;
    }

    public ModelConfig config() {
        return transformer.config();
    }

    public Transformer transformer() {
        return transformer;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * A fresh per-session state with room for {@code contextLength} tokens. Like llama.cpp this may exceed
     * the length the model was trained for; quality then degrades, which is the caller's choice.
     */
    public InferenceState newState(int contextLength) {
        return new InferenceState(config(), contextLength);
    }

    /** Like {@link #newState(int)} with the KV cache stored as {@code kvType} (F16, the default, or F32). */
    public InferenceState newState(int contextLength, GgmlType kvType) {
        return new InferenceState(config(), contextLength, kvType);
    }

    /**
     * The context a run needs when the user did not choose one: the model's trained length (at most
     * {@value #DEFAULT_CONTEXT_CAP}, to bound KV-cache memory), grown to fit {@code tokensNeeded}.
     */
    public int defaultContext(int tokensNeeded) {
        return Math.max(Math.min(config().contextLength(), DEFAULT_CONTEXT_CAP), tokensNeeded);
    }

    private static final int DEFAULT_CONTEXT_CAP = 4096;

    @Override
    public void close() {
        transformer.backend().close();
        file.close();
    }
}
