package dev.cairn.chat;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation: a role ({@code system}, {@code user}, {@code assistant}) and its text.
 * {@code content} may be null, which templates see as {@code none}.
 */
public record ChatMessage(String role, String content) {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
    }

    /**
     * Reads a JSON array of {@code {"role": ..., "content": ...}} objects. Other fields (tool calls, images)
     * are refused rather than silently dropped, so a prompt never differs from what the file says.
     *
     * @throws IllegalArgumentException naming the message and field at fault
     */
    public static List<ChatMessage> listFromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's own wording names its parser's states; say where the text stops being JSON instead.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException("messages are not valid JSON" + where
                    + (e instanceof JsonEOFException ? ": the text ends before the JSON does" : ""));
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("messages must be a JSON array of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode message = root.get(i);
            String where = "message " + (i + 1);
            if (!message.isObject()) {
                throw new IllegalArgumentException(where + " is not a JSON object");
            }
            for (Iterator<String> fields = message.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!field.equals("role") && !field.equals("content")) {
                    throw new IllegalArgumentException(where + ": field \"" + field
                            + "\" is not supported (only \"role\" and \"content\")");
                }
            }
            JsonNode role = message.get("role");
            JsonNode content = message.get("content");
            if (role == null || !role.isTextual()) {
                throw new IllegalArgumentException(where + ": \"role\" must be a string");
            }
            if (content == null || !(content.isTextual() || content.isNull())) {
                throw new IllegalArgumentException(where + ": \"content\" must be a string or null");
            }
            messages.add(new ChatMessage(role.asText(), content.isNull() ? null : content.asText()));
        }
        return messages;
    }
}
