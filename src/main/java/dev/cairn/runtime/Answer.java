package dev.cairn.runtime;

/**
 * One assistant answer and what it cost.
 *
 * @param promptTokens      tokens of the whole rendered conversation
 * @param evaluatedTokens   of those, how many were evaluated for this answer (the rest came from the KV cache)
 * @param droppedMessages   oldest messages left out because the conversation no longer fit the context
 * @param timeToFirstTokenNanos from the request to the first generated token
 */
public record Answer(String text, StopReason stopReason, int promptTokens, int evaluatedTokens,
                     int generatedTokens, int droppedMessages, long timeToFirstTokenNanos, long generationNanos) {

    /** Why an answer ended. */
    public enum StopReason { END_OF_GENERATION, STOP_STRING, MAX_TOKENS, CONTEXT_FULL, CANCELLED }

    public double tokensPerSecond() {
        return generatedTokens == 0 || generationNanos == 0 ? 0 : generatedTokens / (generationNanos / 1e9);
    }
}
