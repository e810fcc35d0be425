package dev.cairn.runtime;

import dev.cairn.model.InferenceState;
import dev.cairn.model.Transformer;
import dev.cairn.sampling.Sampler;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** Feeds a prompt and samples a continuation, streaming each token to a listener. */
public final class Generator {

    /** Receives each generated token as it is produced. */
    @FunctionalInterface
    public interface TokenListener {
        void onToken(int token);
    }

    /** Why a generation ended. {@code STOPPED} means the caller's stop condition said so. */
    public enum StopReason { END_OF_GENERATION, MAX_TOKENS, CONTEXT_FULL, STOPPED }

    /**
     * What a generation did, with timings in nanoseconds; {@code firstTokenNanos} runs from the start
     * of prompt evaluation to the first generated token.
     */
    public record Result(int[] tokens, StopReason stopReason, int promptTokens, long promptNanos,
                         long generationNanos, long firstTokenNanos) {

        public double promptTokensPerSecond() {
            return promptTokens == 0 ? 0 : promptTokens / (promptNanos / 1e9);
        }

        public double generationTokensPerSecond() {
            return tokens.length == 0 ? 0 : tokens.length / (generationNanos / 1e9);
        }
    }

    private static final BooleanSupplier NEVER = () -> false;

    private final Transformer transformer;
    private final Tokenizer tokenizer;

    public Generator(Transformer transformer, Tokenizer tokenizer) {
        this.transformer = transformer;
        this.tokenizer = tokenizer;
    }

    public Result generate(InferenceState state, int[] prompt, SamplingParams params, int maxTokens,
                           TokenListener listener) {
        return generate(state, prompt, new Sampler(params, transformer.config().vocabSize()), maxTokens, listener, NEVER);
    }

    /**
     * Evaluates {@code prompt} from the state's current position, then samples up to {@code maxTokens}
     * tokens. Stops early at an end-of-generation token (not reported), a full context, or when
     * {@code stop} returns true (checked before every forward pass, so prompts can be interrupted too).
     * The sampler's history should already hold the tokens before {@code prompt}.
     */
    public Result generate(InferenceState state, int[] prompt, Sampler sampler, int maxTokens,
                           TokenListener listener, BooleanSupplier stop) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens: pass a non-empty prompt or let BOS be added");
        }
        if (state.position() + prompt.length > state.contextLength()) {
            throw new IllegalArgumentException("the prompt (" + prompt.length + " tokens) does not fit the context of "
                    + state.contextLength() + " tokens (" + state.position() + " already used)");
        }
        long start = System.nanoTime();
        float[] logits = null;
        for (int from = 0; from < prompt.length; from += Transformer.PROMPT_BATCH) {
            if (stop.getAsBoolean()) {
                long now = System.nanoTime();
                return new Result(new int[0], StopReason.STOPPED, prompt.length, now - start, 0, 0);
            }
            int count = Math.min(Transformer.PROMPT_BATCH, prompt.length - from);
            logits = transformer.forward(state, prompt, from, count);
            for (int i = from; i < from + count; i++) {
                sampler.accept(prompt[i]);
            }
        }
        long promptDone = System.nanoTime();
        long firstToken = 0;
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
            if (count == 1) {
                firstToken = System.nanoTime() - start;
            }
            listener.onToken(next);
            if (count == maxTokens) {
                break;
            }
            if (stop.getAsBoolean()) {
                reason = StopReason.STOPPED;
                break;
            }
            if (state.position() >= state.contextLength()) {
                reason = StopReason.CONTEXT_FULL;
                break;
            }
            logits = transformer.forward(state, next);
        }
        long end = System.nanoTime();
        return new Result(Arrays.copyOf(generated, count), reason, prompt.length, promptDone - start,
                end - promptDone, firstToken);
    }
}
