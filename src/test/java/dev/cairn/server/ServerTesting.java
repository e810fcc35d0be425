package dev.cairn.server;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.runtime.metrics.EventRing;
import dev.cairn.runtime.metrics.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the server tests share: plain HTTP calls, the model's request events, and waiting for a condition. */
final class ServerTesting {

    /** A bound on waiting for a condition, so a broken server fails the test instead of hanging it; never a timing assertion. */
    static final long WAIT_NANOS = 120_000_000_000L;

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerTesting() {
    }

    /** A response's status and body (JSON where it is JSON). */
    record Reply(int status, String body, HttpResponse<String> response) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Reply get(OpenAiServer server, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build());
    }

    static Reply post(OpenAiServer server, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Waits until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** /health's counts. */
    static JsonNode health(OpenAiServer server) {
        Reply reply = get(server, "/health");
        if (reply.status() != 200) {
            fail("/health answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    /** One event read back from the model's ring. */
    record Event(long sequence, EventType type, int lane, long value) {
    }

    /** Every event in {@code ring} from {@code cursor} on. */
    static List<Event> events(EventRing ring, long cursor) {
        List<Event> events = new ArrayList<>();
        ring.drain(cursor, (sequence, type, layer, lane, nanos, value) -> events.add(new Event(sequence, type, lane, value)));
        return events;
    }
}
