package dev.cairn.app.chat;

import dev.cairn.runtime.Answer;
import java.util.Locale;

/** What an answer cost, as shown under it and kept with the conversation. */
public record AnswerStats(int tokens, double timeToFirstTokenMillis, double tokensPerSecond, String stopReason) {

    public static AnswerStats of(Answer answer) {
        return new AnswerStats(answer.generatedTokens(), answer.timeToFirstTokenNanos() / 1e6, answer.tokensPerSecond(),
                answer.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d tokens · first token %.0f ms · %.1f tok/s · %s", tokens,
                timeToFirstTokenMillis, tokensPerSecond, stopReason);
    }
}
