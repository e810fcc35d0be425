package dev.cairn.app.chat;

import dev.cairn.sampling.SamplingParams;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A conversation's sampling settings, answer length and prompt style.
 *
 * @param seed the sampling seed, so that answers can be reproduced; null: a fresh random seed per answer
 */
public record ChatOptions(SamplingPreset preset, double temperature, int topK, double topP, double minP,
                          double repeatPenalty, Long seed, int maxTokens, PromptStyle promptStyle) {

    public static final int DEFAULT_MAX_TOKENS = 512;

    public ChatOptions {
        if (preset == null) {
            preset = SamplingPreset.BALANCED;
        }
        if (promptStyle == null) {
            promptStyle = PromptStyle.AUTOMATIC;
        }
        maxTokens = Math.max(1, maxTokens);
    }

    /** {@code preset}'s sampling, with the other choices kept. */
    public static ChatOptions of(SamplingPreset preset, Long seed, int maxTokens, PromptStyle style) {
        SamplingParams p = preset.params();
        return new ChatOptions(preset, p.temperature(), p.topK(), p.topP(), p.minP(), p.repeatPenalty(), seed, maxTokens, style);
    }

    public static ChatOptions defaults() {
        return of(SamplingPreset.BALANCED, null, DEFAULT_MAX_TOKENS, PromptStyle.AUTOMATIC);
    }

    /** These options with {@code chosen}'s sampling values. */
    public ChatOptions withPreset(SamplingPreset chosen) {
        return of(chosen, seed, maxTokens, promptStyle);
    }

    public ChatOptions withTemperature(double value) {
        return new ChatOptions(preset, value, topK, topP, minP, repeatPenalty, seed, maxTokens, promptStyle);
    }

    public ChatOptions withTopK(int value) {
        return new ChatOptions(preset, temperature, value, topP, minP, repeatPenalty, seed, maxTokens, promptStyle);
    }

    public ChatOptions withTopP(double value) {
        return new ChatOptions(preset, temperature, topK, value, minP, repeatPenalty, seed, maxTokens, promptStyle);
    }

    public ChatOptions withMinP(double value) {
        return new ChatOptions(preset, temperature, topK, topP, value, repeatPenalty, seed, maxTokens, promptStyle);
    }

    public ChatOptions withRepeatPenalty(double value) {
        return new ChatOptions(preset, temperature, topK, topP, minP, value, seed, maxTokens, promptStyle);
    }

    public ChatOptions withSeed(Long value) {
        return new ChatOptions(preset, temperature, topK, topP, minP, repeatPenalty, value, maxTokens, promptStyle);
    }

    public ChatOptions withMaxTokens(int value) {
        return new ChatOptions(preset, temperature, topK, topP, minP, repeatPenalty, seed, value, promptStyle);
    }

    public ChatOptions withPromptStyle(PromptStyle value) {
        return new ChatOptions(preset, temperature, topK, topP, minP, repeatPenalty, seed, maxTokens, value);
    }

    /**
     * The sampling parameters of one answer: the chosen seed, or a fresh one. Throws
     * IllegalArgumentException with the engine's message when a value is out of range.
     */
    public SamplingParams samplingForOneAnswer() {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, SamplingParams.DEFAULT_REPEAT_LAST_N,
                seed != null ? seed : ThreadLocalRandom.current().nextLong());
    }
}
