package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.cairn.runtime.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed reply: server-sent events, each {@code data: <chunk>} and a blank line, ending with
 * {@code data: [DONE]}. The session writes each piece of text as it is decoded, before the next forward
 * pass, so a client that went away is noticed at the first write that fails and its answer stops before
 * another token is computed. The handler's thread writes the end once the answer is done.
 */
final class EventStream implements Job.Output {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = {'\n'};

    private final HttpExchange exchange;
    private final ReplyFormat format;
    private final Runnable onDisconnect;
    private OutputStream body;
    private boolean broken;

    EventStream(HttpExchange exchange, ReplyFormat format, Runnable onDisconnect) {
        this.exchange = exchange;
        this.format = format;
        this.onDisconnect = onDisconnect;
    }

    @Override
    public synchronized void prompted() {
        open();
    }

    @Override
    public synchronized void text(String text) {
        open();
        send(format.text(text));
    }

    /** Whether the 200 and the first event went out (errors after that are events, not statuses). */
    synchronized boolean isOpen() {
        return body != null;
    }

    /** Whether a write failed: the client is gone. */
    synchronized boolean isBroken() {
        return broken;
    }

    /** The end of a finished answer: why it ended, the usage if asked for, and [DONE]. */
    synchronized void finish(Answer answer, boolean includeUsage) {
        open();
        send(format.closing(answer));
        if (includeUsage) {
            send(format.usageChunk(answer));
        }
        write(DONE);
    }

    /** An error after the stream opened: an event with OpenAI's error object, then [DONE]. */
    synchronized void fail(JsonNode error) {
        send(error);
        write(DONE);
    }

    private void open() {
        if (body != null || broken) {
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            body = exchange.getResponseBody();
        } catch (IOException e) {
            disconnected();
            return;
        }
        JsonNode opening = format.opening();
        if (opening != null) {
            send(opening);
        }
    }

    /**
     * Writes the event's line and its closing blank line as two chunks: when the client has closed its
     * end, the first write goes out and its reset comes back, so the second fails at once (on loopback
     * within the same write) and the answer stops before its next pass rather than after it.
     */
    private void send(JsonNode event) {
        write(("data: " + event + "\n").getBytes(StandardCharsets.UTF_8));
        write(END_OF_EVENT);
    }

    private void write(byte[] bytes) {
        if (broken || body == null) {
            return;
        }
        try {
            body.write(bytes);
            body.flush();
        } catch (IOException e) {
            disconnected();
        }
    }

    private void disconnected() {
        broken = true;
        onDisconnect.run();
    }
}
