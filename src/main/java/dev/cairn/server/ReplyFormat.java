package dev.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.runtime.Answer;

/**
 * The JSON of one request's reply in OpenAI's shapes: a whole {@code chat.completion} or
 * {@code text_completion}, or the chunks of its stream. One id and creation time for all of them.
 */
final class ReplyFormat {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ApiRequest.Kind kind;
    private final String id;
    private final long created;
    private final String model;

    ReplyFormat(ApiRequest.Kind kind, long number, String model) {
        this.kind = kind;
        this.id = (kind == ApiRequest.Kind.CHAT ? "chatcmpl-" : "cmpl-") + number;
        this.created = System.currentTimeMillis() / 1000;
        this.model = model;
    }

    /** The reply to a request that did not stream. */
    ObjectNode whole(Answer answer) {
        ObjectNode reply = head(kind == ApiRequest.Kind.CHAT ? "chat.completion" : "text_completion");
        ObjectNode choice = reply.putArray("choices").addObject().put("index", 0);
        if (kind == ApiRequest.Kind.CHAT) {
            choice.putObject("message").put("role", "assistant").put("content", answer.text());
        } else {
            choice.put("text", answer.text());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(answer));
        reply.set("usage", usage(answer));
        return reply;
    }

    /** The first chunk of a chat stream names the role; a completion stream has none. */
    ObjectNode opening() {
        return kind == ApiRequest.Kind.CHAT ? chunk(delta().put("role", "assistant").put("content", ""), null) : null;
    }

    /** A chunk carrying {@code text}. */
    ObjectNode text(String text) {
        return chunk(kind == ApiRequest.Kind.CHAT ? delta().put("content", text) : null, text, null);
    }

    /** The chunk that says why the answer ended. */
    ObjectNode closing(Answer answer) {
        return chunk(kind == ApiRequest.Kind.CHAT ? delta() : null, "", finishReason(answer));
    }

    /** The last chunk when the client asked for usage: no choices, only the counts. */
    ObjectNode usageChunk(Answer answer) {
        ObjectNode chunk = head(chunkObject());
        chunk.putArray("choices");
        chunk.set("usage", usage(answer));
        return chunk;
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        return chunk(delta, null, finishReason);
    }

    private ObjectNode chunk(ObjectNode delta, String text, String finishReason) {
        ObjectNode chunk = head(chunkObject());
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        if (delta != null) {
            choice.set("delta", delta);
        } else {
            choice.put("text", text);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    private String chunkObject() {
        return kind == ApiRequest.Kind.CHAT ? "chat.completion.chunk" : "text_completion";
    }

    private ObjectNode head(String object) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id).put("object", object).put("created", created).put("model", model);
        return node;
    }

    private static ObjectNode delta() {
        return JSON.createObjectNode();
    }

    /** Token counts; {@code cached_tokens} are prompt tokens whose keys and values came from the KV cache. */
    static ObjectNode usage(Answer answer) {
        ObjectNode usage = JSON.createObjectNode()
                .put("prompt_tokens", answer.promptTokens())
                .put("completion_tokens", answer.generatedTokens())
                .put("total_tokens", answer.promptTokens() + answer.generatedTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", answer.promptTokens() - answer.evaluatedTokens());
        return usage;
    }

    /** OpenAI's words: "stop" for an end token or a stop string, "length" for max_tokens or a full context. */
    static String finishReason(Answer answer) {
        return switch (answer.stopReason()) {
            case END_OF_GENERATION, STOP_STRING, CANCELLED -> "stop";
            case MAX_TOKENS, CONTEXT_FULL -> "length";
        };
    }
}
