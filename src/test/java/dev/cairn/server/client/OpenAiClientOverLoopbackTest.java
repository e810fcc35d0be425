package dev.cairn.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.server.OpenAiServer;
import dev.cairn.server.ServerOptions;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat window's client against Cairn's own server on loopback. */
class OpenAiClientOverLoopbackTest {

    private static final OpenAiClient.Sampling GREEDY = new OpenAiClient.Sampling(0, 1, 7L, 20);

    private static LoadedModel model;
    private static OpenAiServer server;

    @BeforeAll
    static void serve() throws IOException {
        model = LoadedModel.open(Fixtures.model("stories260K.gguf"), LoadOptions.resident(1));
        server = OpenAiServer.start(model, model.defaultContext(),
                new ServerOptions("127.0.0.1", 0, "k3y", 1, 2, ServerOptions.DEFAULT_MAX_BODY_BYTES, null));
    }

    @AfterAll
    static void close() {
        server.close();
        model.close();
    }

    private static OpenAiClient client(String key) {
        return new OpenAiClient(new Endpoint(server.baseUri(), key, "stories260K"));
    }

    @Test
    void streamsAnAnswerAndNamesTheModelThatGaveIt() throws IOException {
        List<String> pieces = new ArrayList<>();
        OpenAiClient.Reply reply = client("k3y").chat(List.of(ChatMessage.user("Once upon a time")), GREEDY, () -> false, pieces::add);
        assertTrue(pieces.size() > 1, "streamed in pieces: " + pieces);
        assertEquals(String.join("", pieces), reply.text());
        assertEquals("stories260K.gguf", reply.model());
        assertEquals("length", reply.finishReason());
        assertFalse(reply.stopped());
        assertEquals(20, reply.completionTokens());
        assertTrue(reply.promptTokens() > 0);
        assertEquals(List.of("stories260K.gguf"), client("k3y").models());
    }

    @Test
    void aStopEndsTheAnswerAtOnce() throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        List<String> pieces = new ArrayList<>();
        OpenAiClient.Reply reply = client("k3y").chat(List.of(ChatMessage.user("Once upon a time")),
                new OpenAiClient.Sampling(0, 1, null, 1000), stop::get, piece -> {
                    pieces.add(piece);
                    stop.set(pieces.size() == 3);
                });
        assertTrue(reply.stopped());
        assertTrue(pieces.size() >= 3 && reply.text().equals(String.join("", pieces)), pieces.toString());
        assertEquals("ok", ServerHealth.status(server), "the server goes on");
    }

    @Test
    void failuresSayWhatTheServerSaid() throws IOException {
        IOException wrongKey = assertThrows(IOException.class, () -> client("nope").chat(List.of(ChatMessage.user("Hi")),
                GREEDY, () -> false, t -> { }));
        assertEquals("the server answered 401: the API key is not the one this server takes", wrongKey.getMessage());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiClient nobody = new OpenAiClient(new Endpoint(URI.create("http://127.0.0.1:" + closedPort + "/v1"), null, "m"));
        IOException unreachable = assertThrows(IOException.class, nobody::models);
        assertTrue(unreachable.getMessage().startsWith("cannot reach http://127.0.0.1:" + closedPort + "/v1"), unreachable.getMessage());
        IllegalArgumentException notHttp = assertThrows(IllegalArgumentException.class,
                () -> new Endpoint(URI.create("ftp://example/v1"), null, "m"));
        assertTrue(notHttp.getMessage().startsWith("the base URL must be an http or https URL"));
    }

    /** /health through the same client the app uses for its checks. */
    private static final class ServerHealth {
        static String status(OpenAiServer server) throws IOException {
            try {
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("status").asText();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
