package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.PromptRenderer;
import dev.cairn.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A completion request as the engine takes it: the history to answer, the settings of the answer, and
 * how to reply. OpenAI's parameters map onto Cairn's sampling where an equivalent exists (temperature,
 * top_p, seed, max_tokens, stop; llama.cpp's top_k, min_p and repeat_penalty as extensions); the others
 * that would change the answer are refused with a 400 naming them, never ignored.
 *
 * @param stream       answer as server-sent events
 * @param includeUsage with {@code stream}: end with a chunk that carries the usage counts
 */
record ApiRequest(Kind kind, List<ChatMessage> history, ChatSettings settings, boolean stream, boolean includeUsage) {

    enum Kind { CHAT, COMPLETION }

    /** OpenAI's default answer length of a (legacy) text completion. */
    static final int COMPLETION_DEFAULT_MAX_TOKENS = 16;

    /** Fields that would change the answer and have no equivalent here, with the reason given to the client. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "tools", "this server does not call tools",
            "functions", "this server does not call functions",
            "logit_bias", "per-token biases are not supported",
            "logprobs", "log probabilities are not returned",
            "top_logprobs", "log probabilities are not returned",
            "echo", "the prompt is not echoed",
            "suffix", "insertion (suffix) is not supported",
            "best_of", "one completion is generated per request");

    /** The sampling record's components by their names in the API, for range errors. */
    private static final Map<String, String> API_NAMES = Map.of("temperature", "temperature", "topP", "top_p",
            "topK", "top_k", "minP", "min_p", "repeatPenalty", "repeat_penalty");

    /** {@code POST /v1/chat/completions}: {@code messages} rendered with the model's chat template. */
    static ApiRequest chat(JsonNode body, PromptRenderer template, int contextLength) {
        checkCommon(body);
        if (body.hasNonNull("tool_choice") && !body.get("tool_choice").asText().equals("none")) {
            throw ApiException.unsupported("tool_choice", UNSUPPORTED.get("tools"));
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull() && !format.path("type").asText("text").equals("text")) {
            throw ApiException.unsupported("response_format", "only plain text answers (type \"text\") are written");
        }
        List<ChatMessage> history = messages(body.get("messages"));
        int maxTokens = positive(body, "max_completion_tokens", positive(body, "max_tokens", contextLength));
        return new ApiRequest(Kind.CHAT, history, settings(body, template, maxTokens), stream(body), includeUsage(body));
    }

    /** {@code POST /v1/completions}: the prompt continued as it is, with BOS added where the model wants it. */
    static ApiRequest completion(JsonNode body) {
        checkCommon(body);
        JsonNode prompt = body.get("prompt");
        if (prompt != null && prompt.isArray() && prompt.size() == 1) {
            prompt = prompt.get(0);
        }
        if (prompt == null || !prompt.isTextual()) {
            throw ApiException.badRequest("prompt", "prompt must be a string (or an array of one string)");
        }
        if (prompt.asText().isEmpty()) {
            throw ApiException.badRequest("prompt", "prompt must not be empty");
        }
        PromptRenderer verbatim = (messages, addGenerationPrompt) -> messages.getLast().content();
        int maxTokens = positive(body, "max_tokens", COMPLETION_DEFAULT_MAX_TOKENS);
        return new ApiRequest(Kind.COMPLETION, List.of(ChatMessage.user(prompt.asText())),
                settings(body, verbatim, maxTokens), stream(body), includeUsage(body));
    }

    /**
     * The request's text as one string, to find the session whose cache holds the longest part of it
     * (a multi-turn chat continues where its previous turn left the cache).
     */
    String conversationText() {
        return conversationText(history);
    }

    static String conversationText(List<ChatMessage> messages) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage m : messages) {
            text.append(m.role()).append('\u0000').append(m.content() == null ? "" : m.content()).append('\u0001');
        }
        return text.toString();
    }

    private static void checkCommon(JsonNode body) {
        for (Map.Entry<String, String> field : UNSUPPORTED.entrySet()) {
            JsonNode value = body.get(field.getKey());
            boolean harmless = value == null || value.isNull() || (value.isBoolean() && !value.asBoolean())
                    || (value.isContainerNode() && value.isEmpty()) || (field.getKey().equals("best_of") && value.asInt() == 1);
            if (!harmless) {
                throw ApiException.unsupported(field.getKey(), field.getValue());
            }
        }
        if (body.hasNonNull("n") && body.get("n").asInt() != 1) {
            throw ApiException.unsupported("n", "one choice is generated per request");
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            if (body.hasNonNull(penalty) && body.get(penalty).asDouble() != 0) {
                throw ApiException.unsupported(penalty, "the sampler has no additive penalties; use repeat_penalty "
                        + "(above 1 makes tokens already in the last 64 less likely)");
            }
        }
    }

    private static List<ChatMessage> messages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest("messages", "messages must be a non-empty array of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> history = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages[" + i + "]";
            String role = message.path("role").asText("");
            switch (role) {
                case "system", "developer" -> history.add(ChatMessage.system(content(message, where)));
                case "user" -> history.add(ChatMessage.user(content(message, where)));
                case "assistant" -> {
                    if (message.hasNonNull("tool_calls") || message.hasNonNull("function_call")) {
                        throw ApiException.unsupported(where + ".tool_calls", UNSUPPORTED.get("tools"));
                    }
                    history.add(ChatMessage.assistant(content(message, where)));
                }
                default -> throw ApiException.badRequest(where + ".role", where + ": role must be system, developer, user "
                        + "or assistant, was \"" + role + "\"");
            }
        }
        if (!history.getLast().role().equals(ChatMessage.USER)) {
            throw ApiException.badRequest("messages", "the last message must be the user's (the one to answer)");
        }
        return history;
    }

    /** A message's text: a string, or the text parts of an array of content parts. */
    private static String content(JsonNode message, String where) {
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!part.path("type").asText().equals("text")) {
                    throw ApiException.unsupported(where + ".content", "only text parts are read, not \""
                            + part.path("type").asText() + "\"");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw ApiException.badRequest(where + ".content", where + ": content must be a string or an array of text parts");
    }

    private static ChatSettings settings(JsonNode body, PromptRenderer renderer, int maxTokens) {
        SamplingParams defaults = SamplingParams.defaults();
        SamplingParams sampling;
        try {
            sampling = new SamplingParams(number(body, "temperature", defaults.temperature()),
                    (int) number(body, "top_k", defaults.topK()), number(body, "top_p", defaults.topP()),
                    number(body, "min_p", defaults.minP()), number(body, "repeat_penalty", defaults.repeatPenalty()),
                    defaults.repeatLastN(), body.hasNonNull("seed") ? integer(body, "seed") : ThreadLocalRandom.current().nextLong());
        } catch (SamplingParams.OutOfRangeException e) {
            String param = API_NAMES.getOrDefault(e.parameter(), e.parameter());
            throw ApiException.badRequest(param, param + " " + e.rule());
        }
        return new ChatSettings(renderer, sampling, maxTokens, stops(body.get("stop")), ChatSettings.Overflow.REFUSE);
    }

    private static List<String> stops(JsonNode stop) {
        List<String> stops = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return stops;
        }
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray()) {
            stop.forEach(s -> stops.add(s.isTextual() ? s.asText() : ""));
        }
        if ((!stop.isTextual() && !stop.isArray()) || stops.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest("stop", "stop must be a non-empty string or an array of them");
        }
        return stops;
    }

    private static boolean stream(JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    private static boolean includeUsage(JsonNode body) {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static double number(JsonNode body, String field, double otherwise) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest(field, field + " must be a number");
        }
        return value.asDouble();
    }

    private static long integer(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw ApiException.badRequest(field, field + " must be an integer");
        }
        return value.asLong();
    }

    private static int positive(JsonNode body, String field, int otherwise) {
        if (!body.hasNonNull(field)) {
            return otherwise;
        }
        long value = integer(body, field);
        if (value < 1) {
            throw ApiException.badRequest(field, field + " must be at least 1, was " + value);
        }
        return (int) Math.min(value, Integer.MAX_VALUE);
    }
}
