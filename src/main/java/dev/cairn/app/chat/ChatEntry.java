package dev.cairn.app.chat;

import dev.cairn.chat.ChatMessage;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One item of the conversation as shown: a user message, an answer (possibly still streaming), an error,
 * or a note (older messages that no longer fit the context). Errors and notes are shown in the
 * conversation but are neither part of what the model sees nor saved.
 */
public final class ChatEntry {

    public enum Kind { USER, ASSISTANT, ERROR, NOTE }

    private final Kind kind;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ObjectProperty<AnswerStats> stats = new SimpleObjectProperty<>(this, "stats");
    private final BooleanProperty streaming = new SimpleBooleanProperty(this, "streaming");

    public ChatEntry(Kind kind, String text) {
        this.kind = kind;
        this.text.set(text);
    }

    static ChatEntry of(Conversation.StoredMessage message) {
        ChatEntry entry = new ChatEntry(message.role().equals(ChatMessage.USER) ? Kind.USER : Kind.ASSISTANT, message.content());
        entry.stats.set(message.stats());
        return entry;
    }

    /** Whether this is part of the conversation itself (a user message or an answer). */
    boolean isMessage() {
        return kind == Kind.USER || kind == Kind.ASSISTANT;
    }

    Conversation.StoredMessage stored() {
        return new Conversation.StoredMessage(kind == Kind.USER ? ChatMessage.USER : ChatMessage.ASSISTANT, text.get(), stats.get());
    }

    ChatMessage message() {
        return kind == Kind.USER ? ChatMessage.user(text.get()) : ChatMessage.assistant(text.get());
    }

    public Kind kind() {
        return kind;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ObjectProperty<AnswerStats> statsProperty() {
        return stats;
    }

    public BooleanProperty streamingProperty() {
        return streaming;
    }
}
