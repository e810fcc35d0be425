package dev.cairn.chat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * What a chat template is rendered with: the variables Hugging Face's {@code apply_chat_template} passes
 * ({@code messages}, {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}) and the time
 * {@code strftime_now} reports, fixed here so that a render is reproducible.
 */
public record ChatRequest(List<ChatMessage> messages, boolean addGenerationPrompt, String bosToken, String eosToken,
                          LocalDateTime now) {

    public ChatRequest {
        messages = List.copyOf(messages);
        Objects.requireNonNull(bosToken, "bosToken");
        Objects.requireNonNull(eosToken, "eosToken");
        Objects.requireNonNull(now, "now");
    }
}
