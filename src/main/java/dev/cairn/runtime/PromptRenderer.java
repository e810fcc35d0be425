package dev.cairn.runtime;

import dev.cairn.chat.ChatMessage;

import java.util.List;

/** Turns a conversation into the model's prompt text (its chat template). */
@FunctionalInterface
public interface PromptRenderer {

    /** The prompt for {@code messages}, ending with the assistant's turn header when {@code addGenerationPrompt}. */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);
}
