package dev.cairn.app.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.chat.ChatMessage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A conversation as a file to keep or share: Markdown to read, or JSON whose {@code messages} are the
 * {@code {"role", "content"}} objects chat APIs (and {@code cairn chat-template --messages}) take.
 */
final class ConversationExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConversationExport() {
    }

    /** JSON for a {@code .json} file, Markdown for anything else. */
    static String forFile(Conversation conversation, Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? json(conversation)
                : markdown(conversation);
    }

    static String markdown(Conversation conversation) {
        StringBuilder text = new StringBuilder("# ").append(conversation.title()).append("\n\n");
        if (!conversation.systemPrompt().isBlank()) {
            text.append("**System prompt**\n\n").append(conversation.systemPrompt().strip()).append("\n\n");
        }
        for (Conversation.StoredMessage message : conversation.messages()) {
            text.append(message.role().equals(ChatMessage.USER) ? "**You**" : "**Assistant**").append("\n\n")
                    .append(message.content().strip()).append("\n\n");
        }
        return text.toString();
    }

    static String json(Conversation conversation) {
        List<ChatMessage> messages = new ArrayList<>();
        if (!conversation.systemPrompt().isBlank()) {
            messages.add(ChatMessage.system(conversation.systemPrompt()));
        }
        conversation.messages().forEach(m -> messages.add(new ChatMessage(m.role(), m.content())));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("title", conversation.title());
        document.put("options", conversation.options());
        document.put("messages", messages);
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
