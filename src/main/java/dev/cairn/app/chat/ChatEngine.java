package dev.cairn.app.chat;

import dev.cairn.app.core.EngineThreads;
import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.Answerer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * What the chat answers with: the loaded model ({@link LocalChatEngine}) or an OpenAI-compatible server
 * ({@link RemoteChatEngine}). Both stream an answer's text to a listener and end with an {@link Answer},
 * so the conversation shows them the same way.
 */
interface ChatEngine {

    /** What one answer did, which model gave it, and how much of the context it uses (0 when unknown). */
    record Reply(Answer answer, String model, int contextUsed) {
    }

    /** The model's name as the conversation shows it. */
    String modelName();

    /** The context the answers have, in tokens (0 when the server does not say). */
    int contextLength();

    /** The thread answers run on: the engine thread for the local model, a background one for a server. */
    Executor thread(EngineThreads threads);

    /**
     * Answers the last message of {@code history} (a user message), streaming text to {@code listener};
     * runs on {@link #thread}.
     *
     * @param history system prompt (if any) first, then the conversation up to the message to answer
     */
    Reply answer(List<ChatMessage> history, ChatOptions options, BooleanSupplier stop, Answerer.AnswerListener listener)
            throws Exception;

    /** Frees what the engine holds (a KV cache), after any answer still running. */
    void release(EngineThreads threads);
}
