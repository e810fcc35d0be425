package dev.cairn.runtime;

import dev.cairn.model.InferenceState;
import dev.cairn.model.Transformer;
import dev.cairn.sampling.Sampler;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.tokenizer.Tokenizer;

/** Feeds a prompt and samples a continuation, streaming each token to a listener. */
public final class Generator {

    /** Receives each generated token as it is produced. */
    @FunctionalInterface
    public interface TokenListener {
        void onToken(int token);
    }

    public enum StopReason { END_OF_GENERATION, MAX_TOKENS, CONTEXT_FULL }

    /** What a generation did, with timings in nanoseconds. */
    public record Result(int[] tokens, StopReason stopReason, int promptTokens, long promptNanos, long generationNanos) {

        public double promptTokensPerSecond() {
            return promptTokens == 0 ? 0 : promptTokens / (promptNanos / 1e9);
        }

        public double generationTokensPerSecond() {
            return tokens.length == 0 ? 0 : tokens.length / (generationNanos / 1e9);
        }
    }

    private final Transformer transformer;
    private final Tokenizer tokenizer;

    public Generator(Transformer transformer, Tokenizer tokenizer) {
        this.transformer = transformer;
        this.tokenizer = tokenizer;
    }

    /**
     * Evaluates {@code prompt} from the state's current position, then samples up to {@code maxTokens}
     * tokens, stopping early at the end-of-generation token (which is not reported) or a full context.
     */
    public Result generate(InferenceState state, int[] prompt, SamplingParams params, int maxTokens,
                           TokenListener listener) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens: pass a non-empty prompt or let BOS be added");
        }
        if (state.position() + prompt.length > state.contextLength()) {
            throw new IllegalArgumentException("the prompt (" + prompt.length + " tokens) does not fit the context of "
                    + state.contextLength() + " tokens");
        }
        Sampler sampler = new Sampler(params, transformer.config().vocabSize());
        long start = System.nanoTime();
        float[] logits = null;
        for (int token : prompt) {
            logits = transformer.forward(state, token);
            sampler.accept(token);
        }
        long promptDone = System.nanoTime();
        int[] generated = new int[Math.max(0, maxTokens)];
        int count = 0;
        StopReason reason = StopReason.MAX_TOKENS;
        while (count < maxTokens) {
            int next = sampler.sample(logits);
            if (tokenizer.isEndOfGeneration(next)) {
                reason = StopReason.END_OF_GENERATION;
                break;
            }
            generated[count++] = next;
            sampler.accept(next);
            listener.onToken(next);
            if (count == maxTokens) {
                break;
            }
            if (state.position() >= state.contextLength()) {
                reason = StopReason.CONTEXT_FULL;
                break;
            }
            logits = transformer.forward(state, next);
        }
        long end = System.nanoTime();
        return new Result(java.util.Arrays.copyOf(generated, count), reason, prompt.length,
                promptDone - start, end - promptDone);
    }
}
