package dev.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.chat.ChatFormat;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.ContextOverflowException;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.PromptRenderer;
import dev.cairn.runtime.TemplateRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves one loaded model over OpenAI's HTTP API: {@code GET /v1/models}, {@code POST /v1/chat/completions},
 * {@code POST /v1/completions} (streamed as server-sent events or not) and {@code GET /health}. Built on
 * the JDK's HTTP server, a virtual thread per request; the answering happens in the {@link Scheduler}'s
 * sessions. Secure by default: it binds to a loopback address unless given an API key, checks the key
 * on every {@code /v1} request, and sends no CORS headers unless given an origin.
 */
public final class OpenAiServer implements AutoCloseable {

    /** Seconds a refused client is asked to wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final LoadedModel model;
    private final ServerOptions options;
    private final String modelId;
    private final Scheduler scheduler;
    private final HttpServer http;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong numbers = new AtomicLong();
    private final PromptRenderer template;
    private final String templateError;

    private OpenAiServer(LoadedModel model, ServerOptions options, int contextPerSession) throws IOException {
        this.model = model;
        this.options = options;
        this.modelId = model.file().path().getFileName().toString();
        PromptRenderer renderer = null;
        String error = null;
        try {
            renderer = new TemplateRenderer(ChatFormat.of(model.file().metadata(), modelId));
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        this.template = renderer;
        this.templateError = error;
        this.scheduler = new Scheduler(model, options.parallel(), options.queue(), contextPerSession);
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 128);
        } catch (IOException | RuntimeException e) {
            scheduler.close();
            throw e;
        }
        http.createContext("/", this::handle);
        http.setExecutor(requests);
        http.start();
    }

    /**
     * Serves {@code model} as {@code options} say, each session with {@code contextPerSession} positions.
     *
     * @throws IllegalArgumentException if the address is not a loopback one and no API key is set
     * @throws IOException if the address cannot be bound (the port is taken, say)
     */
    public static OpenAiServer start(LoadedModel model, int contextPerSession, ServerOptions options) throws IOException {
        InetAddress address = InetAddress.getByName(options.host());
        if (!address.isLoopbackAddress() && options.apiKey() == null) {
            throw new IllegalArgumentException("serving on " + options.host() + ", which is not a loopback address, needs "
                    + "an API key (--api-key): without one anyone who can reach this machine could use the model");
        }
        return new OpenAiServer(model, options, contextPerSession);
    }

    /** The port listened on (the chosen one when the options said 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The base URL clients use, ending in {@code /v1}. */
    public URI baseUri() {
        String host = http.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : http.getAddress().getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/v1");
    }

    /** Positions of each session's KV cache: the longest prompt and answer one request may have. */
    public int contextPerSession() {
        return scheduler.contextPerSession();
    }

    /** The model's name in replies and in {@code /v1/models}: its file name. */
    public String modelId() {
        return modelId;
    }

    public ServerOptions options() {
        return options;
    }

    /** Stops listening, ends every request (those being answered within one forward pass) and frees the caches. */
    @Override
    public void close() {
        scheduler.close();
        http.stop(0);
        requests.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        // The exchange is closed after the error is sent (a try-with-resources would close it first).
        try {
            if (options.corsOrigin() != null) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", options.corsOrigin());
                exchange.getResponseHeaders().set("Vary", "Origin");
            }
            route(exchange);
        } catch (ApiException e) {
            sendError(exchange, e);
        } catch (IOException | UncheckedIOException e) {
            // The client went away; nothing to answer.
        } catch (RuntimeException e) {
            sendError(exchange, new ApiException(500, "server_error", null, null, describe(e)));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("OPTIONS") && options.corsOrigin() != null) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization, Content-Type");
            exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        switch (path) {
            case "/health" -> {
                expect(exchange, "GET");
                Scheduler.Load load = scheduler.load();
                ObjectNode health = ReplyFormat.JSON.createObjectNode().put("status", "ok").put("model", modelId)
                        .put("sessions", load.sessions()).put("busy", load.busySessions()).put("queued", load.waiting());
                sendJson(exchange, 200, health);
            }
            case "/v1/models" -> {
                expect(exchange, "GET");
                authorize(exchange);
                ObjectNode list = ReplyFormat.JSON.createObjectNode().put("object", "list");
                list.putArray("data").addObject().put("id", modelId).put("object", "model")
                        .put("created", model.file().path().toFile().lastModified() / 1000).put("owned_by", "cairn")
                        .put("context_length", scheduler.contextPerSession());
                sendJson(exchange, 200, list);
            }
            case "/v1/chat/completions" -> {
                expect(exchange, "POST");
                authorize(exchange);
                JsonNode body = readBody(exchange);
                if (template == null) {
                    throw new ApiException(500, "server_error", null, null, "the model's chat template does not work: " + templateError);
                }
                answer(exchange, ApiRequest.chat(body, template, scheduler.contextPerSession()));
            }
            case "/v1/completions" -> {
                expect(exchange, "POST");
                authorize(exchange);
                answer(exchange, ApiRequest.completion(readBody(exchange)));
            }
            default -> throw new ApiException(404, ApiException.INVALID_REQUEST, null, "not_found", "no endpoint " + path
                    + " here: GET /v1/models, POST /v1/chat/completions, POST /v1/completions, GET /health");
        }
    }

    private static void expect(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new ApiException(405, ApiException.INVALID_REQUEST, null, "method_not_allowed",
                    exchange.getRequestURI().getPath() + " takes " + method + ", not " + exchange.getRequestMethod());
        }
    }

    private void authorize(HttpExchange exchange) {
        if (options.apiKey() == null) {
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
        byte[] expected = ("Bearer " + options.apiKey()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiException(401, ApiException.INVALID_REQUEST, null, "invalid_api_key", header == null
                    ? "no API key: send it as 'Authorization: Bearer KEY'" : "the API key is not the one this server takes");
        }
    }

    /** The body as JSON, refusing one over the size limit before reading it where it says its length. */
    private JsonNode readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > options.maxBodyBytes()) {
            throw tooLarge(exchange);
        }
        byte[] bytes = exchange.getRequestBody().readNBytes(options.maxBodyBytes() + 1);
        if (bytes.length > options.maxBodyBytes()) {
            throw tooLarge(exchange);
        }
        JsonNode body;
        try {
            body = ReplyFormat.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiException.badRequest(null, "the body is not valid JSON" + where);
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(null, "the body must be a JSON object");
        }
        return body;
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(null, "Content-Length is not a number: " + header);
        }
    }

    /** The refusal of a body too large; the connection closes after it, since the rest of the body is not read. */
    private ApiException tooLarge(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Connection", "close");
        return new ApiException(413, ApiException.INVALID_REQUEST, null, "request_too_large",
                "the body is larger than this server takes (" + options.maxBodyBytes() + " bytes)");
    }

    /** Queues the request and replies when it is answered: at once as a stream, or whole at the end. */
    private void answer(HttpExchange exchange, ApiRequest request) throws IOException {
        long number = numbers.incrementAndGet();
        ReplyFormat format = new ReplyFormat(request.kind(), number, modelId);
        EventStream[] stream = new EventStream[1];
        Job job = new Job(number, request, request.stream()
                ? cancel -> stream[0] = new EventStream(exchange, format, cancel) : cancel -> Job.SILENT);
        if (!scheduler.submit(job)) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw new ApiException(429, "rate_limit_error", null, "rate_limit_exceeded", "all " + options.parallel()
                    + " sessions are busy and " + options.queue() + " requests are waiting: try again shortly");
        }
        Answer answer;
        try {
            answer = job.answer().join();
        } catch (CompletionException e) {
            ApiException error = failure(e.getCause());
            if (stream[0] != null && stream[0].isOpen()) {
                stream[0].fail(errorJson(error));
                return;
            }
            throw error;
        }
        if (stream[0] != null) {
            stream[0].finish(answer, request.includeUsage());
        } else {
            sendJson(exchange, 200, format.whole(answer));
        }
    }

    private static ApiException failure(Throwable cause) {
        if (cause instanceof ContextOverflowException overflow) {
            return new ApiException(400, ApiException.INVALID_REQUEST, "messages", "context_length_exceeded", overflow.getMessage());
        }
        if (cause instanceof Scheduler.ServerStopping) {
            return new ApiException(503, "server_error", null, null, cause.getMessage());
        }
        return new ApiException(500, "server_error", null, null, "the answer failed: " + describe(cause));
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ObjectNode errorJson(ApiException e) {
        ObjectNode root = ReplyFormat.JSON.createObjectNode();
        root.putObject("error").put("message", e.getMessage()).put("type", e.type()).put("param", e.param()).put("code", e.code());
        return root;
    }

    private static void sendError(HttpExchange exchange, ApiException e) {
        try {
            sendJson(exchange, e.status(), errorJson(e));
        } catch (IOException | RuntimeException ignored) {
            // The response had already begun, or the client is gone: nothing more can be said.
        }
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode json) throws IOException {
        byte[] bytes = ReplyFormat.JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
