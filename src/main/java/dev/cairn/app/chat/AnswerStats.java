package dev.cairn.app.chat;

import dev.cairn.runtime.Answer;
import java.util.Locale;

/**
 * What an answer cost, as shown under it and kept with the conversation.
 *
 * @param promptTokens    tokens of the prompt the answer was written for
 * @param evaluatedTokens of those, how many were evaluated for it (the rest came from the KV cache)
 */
public record AnswerStats(int tokens, double timeToFirstTokenMillis, double tokensPerSecond, String stopReason,
                          int promptTokens, int evaluatedTokens) {

    public static AnswerStats of(Answer answer) {
        return new AnswerStats(answer.generatedTokens(), answer.timeToFirstTokenNanos() / 1e6, answer.tokensPerSecond(),
                answer.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), answer.promptTokens(),
                answer.evaluatedTokens());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d tokens · first token %.0f ms · %.1f tok/s · %s · prompt %d tokens, %d new",
                tokens, timeToFirstTokenMillis, tokensPerSecond, stopReason, promptTokens, evaluatedTokens);
    }
}
