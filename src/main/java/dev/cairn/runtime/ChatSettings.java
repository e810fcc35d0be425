package dev.cairn.runtime;

import dev.cairn.sampling.SamplingParams;
import java.util.List;
import java.util.Objects;

/**
 * How one answer is written: the prompt format, the sampling, the most tokens and the stop strings. Each
 * answer may use different settings; none of them is kept from one answer to the next.
 *
 * @param renderer    turns the history into the prompt text (the model's chat template, or plain text)
 * @param maxTokens   most tokens in the answer
 * @param stopStrings text that ends the answer (not included in it)
 * @param overflow    what happens when the history does not fit the context
 */
public record ChatSettings(PromptRenderer renderer, SamplingParams sampling, int maxTokens, List<String> stopStrings,
                           Overflow overflow) {

    /** What an answer does with a history that does not fit the context with room for the answer. */
    public enum Overflow {
        /** Leave out the oldest messages after the system prompt (a chat window's choice: it shows a note). */
        DROP_OLDEST,
        /** Fail with a {@link ContextOverflowException} (a server's choice: its client decides what to leave out). */
        REFUSE
    }

    /** Settings that drop the oldest messages when the history outgrows the context. */
    public ChatSettings(PromptRenderer renderer, SamplingParams sampling, int maxTokens, List<String> stopStrings) {
        this(renderer, sampling, maxTokens, stopStrings, Overflow.DROP_OLDEST);
    }

    public ChatSettings {
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(overflow, "overflow");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, was " + maxTokens);
        }
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    /**
     * Tokens kept free for the answer when the history is fitted into a context of {@code contextLength}:
     * the answer's budget, but at most a quarter of the context so long answers cannot crowd out the history.
     */
    int answerReserve(int contextLength) {
        return Math.min(maxTokens, contextLength / 4);
    }
}
