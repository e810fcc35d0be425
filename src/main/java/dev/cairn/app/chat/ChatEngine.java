package dev.cairn.app.chat;

import dev.cairn.runtime.Answer;
import dev.cairn.runtime.ChatSession;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.tokenizer.chat.ChatMessage;
import java.util.List;

/**
 * The chat's use of the engine; its answering methods run on the engine thread only. One
 * {@link ChatSession} is kept while the options stay the same, so consecutive answers (and switching
 * between conversations that share a beginning) reuse its KV cache.
 */
final class ChatEngine {

    private final LoadedModel model;
    private ChatSession session;
    private ChatOptions sessionOptions;

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

    /**
     * Answers the last message of {@code history} (a user message), streaming text to {@code listener}.
     *
     * @param history system prompt (if any) first, then the conversation up to the message to answer
     */
    Answer answer(List<ChatMessage> history, ChatOptions options, ChatSession.AnswerListener listener) {
        ChatSession current = sessionFor(options);
        current.restore(history);
        return current.regenerate(listener);
    }

    /** Tokens the session's KV cache holds: how much of the context the conversation uses. */
    synchronized int contextUsed() {
        return session == null ? 0 : session.cachedTokens().length;
    }

    /** Stops the answer in progress; safe from any thread. */
    synchronized void cancel() {
        if (session != null) {
            session.cancel();
        }
    }

    private synchronized ChatSession sessionFor(ChatOptions options) {
        if (session == null || !options.equals(sessionOptions)) {
            session = new ChatSession(model, options.promptStyle().renderer(model),
                    new ChatSettings(options.sampling(), contextLength(), options.maxTokens(), List.of()));
            sessionOptions = options;
        }
        return session;
    }
}
