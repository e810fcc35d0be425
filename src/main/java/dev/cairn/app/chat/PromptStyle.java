package dev.cairn.app.chat;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.PromptRenderer;
import dev.cairn.runtime.TemplateRenderer;
import dev.cairn.chat.ChatFormat;
import dev.cairn.chat.ChatMessage;
import java.util.stream.Collectors;

/**
 * How a conversation becomes the model's prompt. A model with a chat template in its file is prompted
 * with it; a model without one is often a base model (stories260K is): its conversation is plain text,
 * each message continuing the one before, so "Once upon a time" is continued as a story. The engine's
 * built-in chat formats stay one choice away for chat models that lack a template.
 */
public enum PromptStyle {
    AUTOMATIC("Automatic"),
    CHAT_FORMAT("Chat template"),
    PLAIN_TEXT("Plain text");

    private final String label;

    PromptStyle(String label) {
        this.label = label;
    }

    /** What this style means for {@code model}: never {@link #AUTOMATIC}. */
    public PromptStyle resolve(LoadedModel model) {
        if (this != AUTOMATIC) {
            return this;
        }
        return model.file().metadata().contains(GgufKeys.CHAT_TEMPLATE) ? CHAT_FORMAT : PLAIN_TEXT;
    }

    public PromptRenderer renderer(LoadedModel model) {
        return switch (resolve(model)) {
            case PLAIN_TEXT -> PromptStyle::plainText;
            default -> new TemplateRenderer(ChatFormat.of(model.file().metadata(), model.file().path().getFileName().toString()));
        };
    }

    /**
     * The messages as one text: a system prompt and each answer end with a line break (an answer usually
     * starts with its own space, so user text and answer join as the model wrote them).
     */
    static String plainText(java.util.List<ChatMessage> messages, boolean addGenerationPrompt) {
        return messages.stream()
                .map(m -> m.role().equals(ChatMessage.USER) ? m.content()
                        : m.role().equals(ChatMessage.SYSTEM) ? m.content() + "\n\n" : m.content() + "\n")
                .collect(Collectors.joining());
    }

    @Override
    public String toString() {
        return label;
    }
}
