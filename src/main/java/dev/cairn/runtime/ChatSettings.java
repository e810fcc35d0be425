package dev.cairn.runtime;

import dev.cairn.sampling.SamplingParams;
import java.util.List;

/**
 * How a chat session answers.
 *
 * @param contextLength tokens of KV cache the session holds
 * @param maxTokens     most tokens per answer
 * @param stopStrings   text that ends an answer (not included in it)
 */
public record ChatSettings(SamplingParams sampling, int contextLength, int maxTokens, List<String> stopStrings) {

    public ChatSettings {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, was " + contextLength);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, was " + maxTokens);
        }
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    /**
     * Tokens kept free for the answer when the conversation is fitted into the context: the answer's
     * budget, but at most a quarter of the context so long answers cannot crowd out the history.
     */
    int answerReserve() {
        return Math.min(maxTokens, contextLength / 4);
    }
}
