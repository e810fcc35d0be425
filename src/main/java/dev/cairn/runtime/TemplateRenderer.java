package dev.cairn.runtime;

import dev.cairn.chat.ChatFormat;
import dev.cairn.chat.ChatMessage;
import dev.cairn.chat.ChatRequest;
import java.time.LocalDateTime;
import java.util.List;

/** Renders conversations with a model's chat template (or the fallback chosen for it). */
public final class TemplateRenderer implements PromptRenderer {

    private final ChatFormat format;

    public TemplateRenderer(ChatFormat format) {
        this.format = format;
    }

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return format.template().render(new ChatRequest(messages, addGenerationPrompt, format.bosToken(),
                format.eosToken(), LocalDateTime.now()));
    }
}
