package dev.cairn.app.chat;

import dev.cairn.runtime.Answer;
import java.util.Locale;

/**
 * What an answer cost and which model gave it, as shown under it and kept with the conversation.
 *
 * @param promptTokens    tokens of the prompt the answer was written for
 * @param evaluatedTokens of those, how many were evaluated for it (the rest came from the KV cache)
 * @param model           the model that answered (a file name, or a server's model name); null in chats
 *                        saved before it was kept
 */
public record AnswerStats(int tokens, double timeToFirstTokenMillis, double tokensPerSecond, String stopReason,
                          int promptTokens, int evaluatedTokens, String model) {

    public static AnswerStats of(Answer answer, String model) {
        return new AnswerStats(answer.generatedTokens(), answer.timeToFirstTokenNanos() / 1e6, answer.tokensPerSecond(),
                answer.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), answer.promptTokens(),
                answer.evaluatedTokens(), model);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d tokens · first token %.0f ms · %.1f tok/s · %s · prompt %d tokens, %d new%s",
                tokens, timeToFirstTokenMillis, tokensPerSecond, stopReason, promptTokens, evaluatedTokens,
                model == null ? "" : " · " + model);
    }
}
