package dev.cairn.app.chat;

import dev.cairn.runtime.Answer;
import dev.cairn.runtime.ChatSession;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.chat.ChatMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chat's use of the engine; everything but {@link #cancel()} runs on the engine thread only. One
 * {@link ChatSession} is kept while the options stay the same, so consecutive answers (and switching
 * between conversations that share a beginning) reuse its KV cache.
 */
final class ChatEngine {

    private final LoadedModel model;
    /** Read by {@link #cancel()} on the FX thread, which must never wait for the engine. */
    private volatile ChatSession session;
    private ChatOptions sessionOptions;

    ChatEngine(LoadedModel model) {
        this.model = model;
    }

    /** The context the model was loaded for (the Plan step's choice). */
    int contextLength() {
        return model.plan().context();
    }

    /**
     * Answers the last message of {@code history} (a user message), streaming text to {@code listener}.
     * A session ignores a cancel that comes before its answer starts, so {@code stop} is checked again
     * with every piece of text: a Stop clicked that early still ends the answer at its first token.
     *
     * @param history system prompt (if any) first, then the conversation up to the message to answer
     */
    Answer answer(List<ChatMessage> history, ChatOptions options, AtomicBoolean stop, ChatSession.AnswerListener listener) {
        ChatSession current = sessionFor(options);
        current.restore(history);
        return current.regenerate(text -> {
            if (stop.get()) {
                current.cancel();
            }
            listener.onText(text);
        });
    }

    /** Tokens the session's KV cache holds: how much of the context the conversation uses. */
    int contextUsed() {
        ChatSession current = session;
        return current == null ? 0 : current.cachedTokens().length;
    }

    /** Stops the answer in progress; safe from any thread, never waits. */
    void cancel() {
        ChatSession current = session;
        if (current != null) {
            current.cancel();
        }
    }

    private ChatSession sessionFor(ChatOptions options) {
        if (session == null || !options.equals(sessionOptions)) {
            session = new ChatSession(model, options.promptStyle().renderer(model),
                    new ChatSettings(options.sampling(), contextLength(), options.maxTokens(), List.of()));
            sessionOptions = options;
        }
        return session;
    }
}
