package dev.cairn.app.chat;

import dev.cairn.sampling.SamplingParams;

/** A conversation's sampling settings, answer length and prompt style. */
public record ChatOptions(SamplingPreset preset, double temperature, int topK, double topP, double minP,
                          double repeatPenalty, int maxTokens, PromptStyle promptStyle) {

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

    public static ChatOptions of(SamplingPreset preset, int maxTokens, PromptStyle style) {
        SamplingParams p = preset.params();
        return new ChatOptions(preset, p.temperature(), p.topK(), p.topP(), p.minP(), p.repeatPenalty(), maxTokens, style);
    }

    public static ChatOptions defaults() {
        return of(SamplingPreset.BALANCED, DEFAULT_MAX_TOKENS, PromptStyle.AUTOMATIC);
    }

    /** The sampling parameters; throws IllegalArgumentException with the engine's message when one is out of range. */
    public SamplingParams sampling() {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, SamplingParams.DEFAULT_REPEAT_LAST_N,
                SamplingParams.DEFAULT_SEED);
    }
}
