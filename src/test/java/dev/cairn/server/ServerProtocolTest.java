package dev.cairn.server;

import static dev.cairn.server.ServerTesting.await;
import static dev.cairn.server.ServerTesting.events;
import static dev.cairn.server.ServerTesting.get;
import static dev.cairn.server.ServerTesting.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.metrics.EventRing;
import dev.cairn.runtime.metrics.EventType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side a client library hides: the server-sent events on the wire, CORS, unknown paths and
 * methods, the health check, and the order in which waiting and concurrent requests are served, read
 * from the events the inspector draws.
 */
class ServerProtocolTest extends ServedModel {


    private static OpenAiServer serve(int parallel, int queue, String cors) throws IOException {
        return OpenAiServer.start(model, model.defaultContext(),
                new ServerOptions("127.0.0.1", 0, null, parallel, queue, ServerOptions.DEFAULT_MAX_BODY_BYTES, cors));
    }

    private static String chat(String message, int maxTokens, boolean stream) {
        return "{\"model\": \"any\", \"messages\": [{\"role\": \"user\", \"content\": \"" + message + "\"}], \"max_tokens\": "
                + maxTokens + ", \"temperature\": 0, \"stream\": " + stream + "}";
    }

    @Test
    void aStreamIsServerSentEventsEndingWithDone() throws IOException {
        try (OpenAiServer server = serve(1, 2, null)) {
            ServerTesting.Reply reply = post(server, "/v1/completions",
                    "{\"prompt\": \"Once upon a time\", \"max_tokens\": 5, \"temperature\": 0, \"stream\": true, "
                            + "\"stream_options\": {\"include_usage\": true}}");
            assertEquals(200, reply.status());
            assertEquals("text/event-stream; charset=utf-8", reply.header("Content-Type"));
            List<String> events = List.of(reply.body().split("\n\n"));
            assertEquals("data: [DONE]", events.getLast());
            JsonNode usage = ServerTesting.JSON.readTree(events.get(events.size() - 2).substring("data: ".length()));
            assertEquals(5, usage.at("/usage/completion_tokens").asInt());
            JsonNode last = ServerTesting.JSON.readTree(events.get(events.size() - 3).substring("data: ".length()));
            assertEquals("length", last.at("/choices/0/finish_reason").asText());
            assertEquals("text_completion", last.get("object").asText());
            assertTrue(events.stream().allMatch(e -> e.startsWith("data: ")), reply.body());
        }
    }

    @Test
    void corsIsOffUnlessAnOriginIsGiven() throws IOException {
        try (OpenAiServer server = serve(1, 2, null)) {
            ServerTesting.Reply models = get(server, "/v1/models");
            assertEquals(200, models.status());
            assertNull(models.header("Access-Control-Allow-Origin"));
            assertEquals(405, preflight(server).status());
        }
        try (OpenAiServer server = serve(1, 2, "http://localhost:3000")) {
            ServerTesting.Reply preflight = preflight(server);
            assertEquals(204, preflight.status());
            assertEquals("http://localhost:3000", preflight.header("Access-Control-Allow-Origin"));
            assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
            assertEquals("http://localhost:3000", get(server, "/v1/models").header("Access-Control-Allow-Origin"));
        }
    }

    private static ServerTesting.Reply preflight(OpenAiServer server) {
        return ServerTesting.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST").build());
    }

    @Test
    void unknownPathsMethodsAndFieldsGetA4xxThatSaysWhy() throws IOException {
        try (OpenAiServer server = serve(1, 2, null)) {
            assertEquals(404, get(server, "/v1/embeddings").status());
            ServerTesting.Reply wrongMethod = get(server, "/v1/chat/completions");
            assertEquals(405, wrongMethod.status());
            assertEquals("POST", wrongMethod.header("Allow"));
            ServerTesting.Reply array = post(server, "/v1/chat/completions", "[1, 2]");
            assertEquals(400, array.status());
            assertEquals("the body must be a JSON object", array.json().at("/error/message").asText());
            ServerTesting.Reply noUser = post(server, "/v1/chat/completions",
                    "{\"messages\": [{\"role\": \"assistant\", \"content\": \"hi\"}]}");
            assertEquals(400, noUser.status());
            assertEquals("the last message must be the user's (the one to answer)", noUser.json().at("/error/message").asText());
            ServerTesting.Reply topP = post(server, "/v1/chat/completions",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_p\": 3}");
            assertEquals(400, topP.status());
            assertEquals("top_p", topP.json().at("/error/param").asText());
            ServerTesting.Reply tools = post(server, "/v1/chat/completions",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [{\"type\": \"function\"}]}");
            assertEquals(400, tools.status());
            assertEquals("unsupported_parameter", tools.json().at("/error/code").asText());
            JsonNode health = ServerTesting.health(server);
            assertEquals("ok", health.get("status").asText());
            assertEquals(0, health.get("busy").asInt());
        }
    }

    /**
     * With one session held, three requests wait in arrival order; the inspector's events show each one
     * queued, then prefill and decode on the session, first come first served.
     */
    @Test
    void waitingRequestsAreServedInArrivalOrderAndRecordedForTheTimeline() throws IOException {
        try (OpenAiServer server = serve(1, 3, null)) {
            EventRing ring = model.metrics().ring();
            long from = ring.head();
            List<CompletableFuture<ServerTesting.Reply>> replies = new ArrayList<>();
            model.transformer().exclusively(() -> {
                for (int i = 0; i < 4; i++) {
                    String body = chat("Story " + i, 3, false);
                    replies.add(CompletableFuture.supplyAsync(() -> post(server, "/v1/chat/completions", body)));
                    int taken = i + 1;
                    await("request " + i + " to be taken", () -> {
                        JsonNode health = ServerTesting.health(server);
                        return health.get("busy").asInt() + health.get("queued").asInt() == taken;
                    });
                }
            });
            replies.forEach(r -> assertEquals(200, r.join().status()));
            List<ServerTesting.Event> events = events(ring, from);
            List<Long> prefillOrder = events.stream().filter(e -> e.type() == EventType.PREFILL_START).map(ServerTesting.Event::value).toList();
            List<Long> queued = events.stream().filter(e -> e.type() == EventType.REQUEST_QUEUED).map(ServerTesting.Event::value).toList();
            assertEquals(queued, prefillOrder, "first come, first served");
            assertEquals(4, prefillOrder.size());
            assertEquals(List.of(0, 1, 2), events.stream().filter(e -> e.type() == EventType.REQUEST_QUEUED && e.value() != queued.getFirst())
                    .map(ServerTesting.Event::lane).toList(), "the three waiting requests held three places of the queue");
            for (long request : prefillOrder) {
                List<EventType> phases = events.stream().filter(e -> e.value() == request && e.type().compareTo(EventType.PASS_END) > 0)
                        .map(ServerTesting.Event::type).toList();
                assertEquals(List.of(EventType.REQUEST_QUEUED, EventType.REQUEST_DEQUEUED, EventType.PREFILL_START,
                        EventType.DECODE_START, EventType.REQUEST_END), phases, "request " + request);
            }
        }
    }

    /**
     * Two sessions answer at once, taking turns on the model's fair lock: with both waiting when the engine
     * is released, the second evaluates its prompt right after the first's prompt, so each decodes before
     * the other ends, and both answers are the greedy ones.
     */
    @Test
    void twoSessionsInterleaveTheirPasses() throws IOException {
        try (OpenAiServer server = serve(2, 2, null)) {
            String first = post(server, "/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 60, \"temperature\": 0}")
                    .json().at("/choices/0/text").asText();
            EventRing ring = model.metrics().ring();
            long from = ring.head();
            List<CompletableFuture<ServerTesting.Reply>> replies = new ArrayList<>();
            model.transformer().exclusively(() -> {
                for (String prompt : List.of("Once upon a time", "The cat sat on the mat")) {
                    replies.add(CompletableFuture.supplyAsync(() -> post(server, "/v1/completions",
                            "{\"prompt\": \"" + prompt + "\", \"max_tokens\": 60, \"temperature\": 0}")));
                }
                await("both sessions to wait for a pass", () -> model.transformer().waitingForTurn() == 2);
            });
            assertEquals(first, replies.getFirst().join().json().at("/choices/0/text").asText());
            assertEquals(60, replies.getLast().join().json().at("/usage/completion_tokens").asInt());
            List<ServerTesting.Event> events = events(ring, from);
            long firstDecodes = events.stream().filter(e -> e.type() == EventType.DECODE_START).count();
            int firstEnd = events.indexOf(events.stream().filter(e -> e.type() == EventType.REQUEST_END).findFirst().orElseThrow());
            assertEquals(2, events.subList(0, firstEnd).stream().filter(e -> e.type() == EventType.DECODE_START).count(),
                    "both decode before either ends: " + firstDecodes);
            long passesBeforeFirstEnd = events.subList(0, firstEnd).stream().filter(e -> e.type() == EventType.PASS_END).count();
            System.out.println("interleaving: " + passesBeforeFirstEnd + " passes of both sessions before the first of two "
                    + "60-token answers ended (strict alternation: 119)");
        }
    }
}
