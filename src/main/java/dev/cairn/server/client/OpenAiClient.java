package dev.cairn.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.chat.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Chats with an OpenAI-compatible server (Cairn's own, llama.cpp's, vLLM, Ollama, a gateway) through the
 * JDK's HTTP client: answers stream as server-sent events, the way a local answer streams. Only the
 * standard parameters are sent (temperature, top_p, seed, max_tokens), which every such server takes.
 */
public final class OpenAiClient {

    /** How often a waiting read looks at the stop signal. */
    private static final long STOP_POLL_MILLIS = 25;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoint endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public OpenAiClient(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The answer's settings. {@code seed} null: the server picks. */
    public record Sampling(double temperature, double topP, Long seed, int maxTokens) {
    }

    /**
     * One answer and what the server said about it.
     *
     * @param model           the model that answered, as the server names it
     * @param finishReason    {@code stop}, {@code length}, ... as the server says (null if it did not)
     * @param stopped         ended here by the stop signal
     * @param cachedTokens    prompt tokens the server took from its cache (0 when it does not say)
     * @param firstTextNanos  from the request to the first text
     */
    public record Reply(String text, String model, String finishReason, boolean stopped, int promptTokens,
                        int completionTokens, int cachedTokens, long firstTextNanos, long totalNanos) {
    }

    /** The models the server offers ({@code GET /models}). */
    public List<String> models() throws IOException {
        HttpResponse<InputStream> response = send(request("/models").GET().build());
        try (InputStream body = response.body()) {
            List<String> ids = new ArrayList<>();
            JSON.readTree(body).path("data").forEach(m -> ids.add(m.path("id").asText()));
            return ids;
        }
    }

    /**
     * Answers the last message of {@code history}, streaming text to {@code onText} as it arrives. A
     * {@code stop} that turns true ends the answer at once (the connection is closed, which a server
     * such as Cairn's takes as a cancel); the text so far is the reply's.
     */
    public Reply chat(List<ChatMessage> history, Sampling sampling, BooleanSupplier stop, Consumer<String> onText)
            throws IOException {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = send(request("/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(history, sampling).toString())).build());
        StringBuilder text = new StringBuilder();
        String model = endpoint.model();
        String finish = null;
        JsonNode usage = null;
        long firstText = 0;
        boolean stopped;
        try (InputStream body = response.body(); StopWatch watch = new StopWatch(stop, body)) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            for (String line = readLine(lines, watch); line != null; line = readLine(lines, watch)) {
                if (!line.startsWith("data:")) {
                    continue; // blank lines end events; comments and other fields carry nothing here
                }
                String data = line.substring("data:".length()).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode chunk = JSON.readTree(data);
                if (chunk.has("error")) {
                    throw new IOException("the server failed: " + chunk.path("error").path("message").asText(chunk.toString()));
                }
                model = chunk.path("model").asText(model);
                usage = chunk.hasNonNull("usage") ? chunk.get("usage") : usage;
                for (JsonNode choice : chunk.path("choices")) {
                    String piece = choice.path("delta").path("content").asText("");
                    if (!piece.isEmpty()) {
                        firstText = firstText == 0 ? System.nanoTime() - start : firstText;
                        text.append(piece);
                        onText.accept(piece);
                    }
                    finish = choice.hasNonNull("finish_reason") ? choice.get("finish_reason").asText() : finish;
                }
            }
            stopped = watch.stopped();
        }
        JsonNode counts = usage == null ? JSON.createObjectNode() : usage;
        return new Reply(text.toString(), model, finish, stopped, counts.path("prompt_tokens").asInt(),
                counts.path("completion_tokens").asInt(), counts.path("prompt_tokens_details").path("cached_tokens").asInt(),
                firstText, System.nanoTime() - start);
    }

    /** The next line, or null at the end of the stream or once stopped (the watch closes the stream). */
    private static String readLine(BufferedReader lines, StopWatch watch) throws IOException {
        try {
            return watch.stopped() ? null : lines.readLine();
        } catch (IOException e) {
            if (watch.stopped()) {
                return null;
            }
            throw e;
        }
    }

    private ObjectNode body(List<ChatMessage> history, Sampling sampling) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : history) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("temperature", sampling.temperature());
        body.put("top_p", sampling.topP());
        body.put("max_tokens", sampling.maxTokens());
        if (sampling.seed() != null) {
            body.put("seed", sampling.seed());
        }
        return body;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path));
        if (endpoint.apiKey() != null) {
            request.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        return request;
    }

    /** Sends {@code request}; a status other than 2xx is an IOException with the server's own message. */
    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new IOException("cannot reach " + endpoint.baseUrl() + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                String message;
                try {
                    message = JSON.readTree(text).path("error").path("message").asText(text);
                } catch (IOException notJson) {
                    message = text;
                }
                throw new IOException("the server answered " + response.statusCode() + ": " + message.strip());
            }
        }
        return response;
    }

    /**
     * The stop signal, looked at between lines and, while a read waits for the server, by a watcher that
     * closes the response stream so the read ends.
     */
    private static final class StopWatch implements AutoCloseable {
        private final BooleanSupplier stop;
        private final Thread watcher;
        private volatile boolean stopped;
        private volatile boolean done;

        StopWatch(BooleanSupplier stop, InputStream body) {
            this.stop = stop;
            watcher = Thread.ofVirtual().start(() -> {
                while (!done) {
                    if (stop.getAsBoolean()) {
                        stopped = true;
                        try {
                            body.close();
                        } catch (IOException ignored) {
                            // Closing is all that is wanted; the read ends either way.
                        }
                        return;
                    }
                    try {
                        Thread.sleep(STOP_POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        boolean stopped() {
            if (!stopped && stop.getAsBoolean()) {
                stopped = true;
            }
            return stopped;
        }

        @Override
        public void close() {
            done = true;
            watcher.interrupt();
        }
    }
}
