package dev.cairn.app.chat;

import java.util.List;
import java.util.UUID;

/**
 * One saved chat: its title, system prompt, options and messages. Immutable; every change makes a new
 * one, which the {@link ConversationStore} writes.
 *
 * @param updatedMillis when it last changed (epoch milliseconds): the list shows the latest first
 */
public record Conversation(String id, String title, String systemPrompt, ChatOptions options,
                           List<StoredMessage> messages, long updatedMillis) {

    /** A message and, for answers, what it cost. */
    public record StoredMessage(String role, String content, AnswerStats stats) {
    }

    public Conversation {
        messages = messages == null ? List.of() : List.copyOf(messages);
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        options = options == null ? ChatOptions.defaults() : options;
    }

    public static Conversation create(String title, ChatOptions options) {
        return new Conversation(UUID.randomUUID().toString(), title, "", options, List.of(), System.currentTimeMillis());
    }

    public Conversation withTitle(String newTitle) {
        return new Conversation(id, newTitle, systemPrompt, options, messages, System.currentTimeMillis());
    }

    public Conversation withSystemPrompt(String prompt) {
        return new Conversation(id, title, prompt, options, messages, System.currentTimeMillis());
    }

    public Conversation withOptions(ChatOptions newOptions) {
        return new Conversation(id, title, systemPrompt, newOptions, messages, System.currentTimeMillis());
    }

    public Conversation withMessages(List<StoredMessage> newMessages) {
        return new Conversation(id, title, systemPrompt, options, newMessages, System.currentTimeMillis());
    }

    @Override
    public String toString() {
        return title;
    }
}
