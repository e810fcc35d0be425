package dev.cairn.app.chat;

import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.Answerer;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.LoadedModel;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The chat's use of one loaded model. It holds the model's {@link Answerer}, and with it the KV cache
 * that consecutive answers (and conversations that share a beginning) reuse: the answerer is created by
 * the first answer and dropped by {@link #release}, both on the engine thread, where every answer runs.
 */
final class ChatEngine {

    private final LoadedModel model;
    private Answerer answerer; // engine thread only

    ChatEngine(LoadedModel model) {
        this.model = model;
    }

    LoadedModel model() {
        return model;
    }

    /** The context the model was loaded for (the Plan step's choice). */
    int contextLength() {
        return model.plan().context();
    }

    /** What one answer did, and how much of the context the cache holds after it. */
    record Reply(Answer answer, int contextUsed) {
    }

    /**
     * Answers the last message of {@code history} (a user message), streaming text to {@code listener}.
     * Engine thread only.
     *
     * @param history system prompt (if any) first, then the conversation up to the message to answer
     */
    Reply answer(List<ChatMessage> history, ChatOptions options, BooleanSupplier stop, Answerer.AnswerListener listener) {
        if (answerer == null) {
            answerer = new Answerer(model, contextLength());
        }
        ChatSettings settings = new ChatSettings(options.promptStyle().renderer(model), options.samplingForOneAnswer(),
                options.maxTokens(), List.of());
        Answer answer = answerer.answer(history, settings, stop, listener);
        return new Reply(answer, answerer.cachedTokens().length);
    }

    /** Drops the answerer and its KV cache on {@code engineThread}, after any answer still running there. */
    void release(Executor engineThread) {
        engineThread.execute(() -> {
            if (answerer != null) {
                answerer.close();
                answerer = null;
            }
        });
    }
}
