package dev.cairn.server;

import static dev.cairn.server.ServerTesting.await;
import static dev.cairn.server.ServerTesting.events;
import static dev.cairn.server.ServerTesting.health;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.cairn.chat.ChatFormat;
import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answerer;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.TemplateRenderer;
import dev.cairn.runtime.metrics.EventRing;
import dev.cairn.runtime.metrics.EventType;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server as OpenAI's own Java client library sees it, on loopback with stories260K: whole and
 * streamed chat, text completions, a multi-turn chat on the KV cache, a client that disconnects mid-stream,
 * 50 requests at once, refusals, and the API key on an address that is not a loopback one.
 */
class OpenAiClientTest extends ServedModel {

    private static final String PROMPT = "Once upon a time";


    private static OpenAiServer serve(ServerOptions options) throws IOException {
        return OpenAiServer.start(model, model.defaultContext(), options);
    }

    private static OpenAiServer serve(int parallel, int queue) throws IOException {
        return serve(new ServerOptions("127.0.0.1", 0, null, parallel, queue, ServerOptions.DEFAULT_MAX_BODY_BYTES, null));
    }

    /** The official client, without its retries (a 429 must reach the test). */
    private static OpenAIClient client(OpenAiServer server, String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(server.baseUri().toString()).apiKey(apiKey).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder chat(String message, int maxTokens) {
        return ChatCompletionCreateParams.builder().model("stories260K").addUserMessage(message)
                .maxCompletionTokens(maxTokens).temperature(0.0);
    }

    private static String content(ChatCompletion completion) {
        return completion.choices().getFirst().message().content().orElse("");
    }

    /** The greedy answer a fresh answerer with the model's chat template gives, for comparison. */
    private static String localAnswer(List<ChatMessage> history, int maxTokens) {
        try (Answerer answerer = new Answerer(model, model.defaultContext())) {
            ChatSettings settings = new ChatSettings(new TemplateRenderer(ChatFormat.of(model.file().metadata(), "stories260K")),
                    SamplingParams.greedy(), maxTokens, List.of());
            return answerer.answer(history, settings, () -> false, text -> { }).text();
        }
    }

    @Test
    void chatAnswersWholeAndStreamedWithUsage() throws IOException {
        try (OpenAiServer server = serve(1, 4)) {
            OpenAIClient client = client(server, "unused");
            ChatCompletion whole = client.chat().completions().create(chat(PROMPT, 24).build());
            assertEquals("stories260K.gguf", whole.model(), "the reply names the model that answered");
            assertEquals(localAnswer(List.of(ChatMessage.user(PROMPT)), 24), content(whole));
            assertFalse(content(whole).isBlank());
            CompletionUsage usage = whole.usage().orElseThrow();
            assertEquals(24, usage.completionTokens());
            assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, whole.choices().getFirst().finishReason());

            List<String> pieces = new ArrayList<>();
            CompletionUsage[] streamedUsage = new CompletionUsage[1];
            ChatCompletionCreateParams streamed = chat(PROMPT, 24)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(streamed)) {
                stream.stream().forEach(chunk -> {
                    chunk.choices().forEach(choice -> choice.delta().content().ifPresent(pieces::add));
                    chunk.usage().ifPresent(u -> streamedUsage[0] = u);
                    assertEquals("stories260K.gguf", chunk.model());
                });
            }
            assertTrue(pieces.stream().filter(p -> !p.isEmpty()).count() > 1, "the answer came in pieces: " + pieces);
            assertEquals(content(whole), String.join("", pieces), "streamed and whole answers agree");
            assertEquals(usage.promptTokens(), streamedUsage[0].promptTokens());
            assertEquals(24, streamedUsage[0].completionTokens());
            assertEquals(usage.promptTokens() - 1, streamedUsage[0].promptTokensDetails().orElseThrow().cachedTokens().orElseThrow(),
                    "the same prompt again comes from the KV cache (all but its last token, whose logits are needed)");
        }
    }

    @Test
    void aMultiTurnChatContinuesOnTheCacheOfItsPreviousTurn() throws IOException {
        try (OpenAiServer server = serve(2, 4)) {
            OpenAIClient client = client(server, "unused");
            ChatCompletion first = client.chat().completions().create(chat(PROMPT, 16).build());
            ChatCompletion other = client.chat().completions().create(chat("The cat sat on the mat", 16).build());
            ChatCompletion second = client.chat().completions().create(chat(PROMPT, 16).addAssistantMessage(content(first))
                    .addUserMessage("Then what happened?").build());
            long firstPrompt = first.usage().orElseThrow().promptTokens();
            long cached = second.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
            assertTrue(cached >= firstPrompt, "the follow-up went to the session holding its first turn: "
                    + cached + " cached of " + second.usage().orElseThrow().promptTokens() + ", first prompt " + firstPrompt);
            assertNotEquals(content(first), content(other));
        }
    }

    @Test
    void textCompletionsContinueThePrompt() throws Exception {
        String published = Files.readString(Fixtures.reference("stories260K.llama2c-greedy.txt"), StandardCharsets.UTF_8);
        try (OpenAiServer server = serve(1, 4)) {
            Completion completion = client(server, "unused").completions().create(CompletionCreateParams.builder()
                    .model("stories260K").prompt(PROMPT).maxTokens(40).temperature(0.0).build());
            String text = completion.choices().getFirst().text();
            assertTrue(published.startsWith(PROMPT + text), "llama2.c's greedy continuation: " + text);
            assertEquals(40, completion.usage().orElseThrow().completionTokens());
        }
    }

    /**
     * A client that closes its stream mid-answer stops the answer: the session notices at the first write
     * that fails and computes no token after it. The test takes turns with the session on the model's
     * fair lock, so it knows where the answer stands: the session evaluates the prompt, writes its first
     * token and waits for its next pass while the client reads that token and closes.
     */
    @Test
    void aDisconnectMidStreamCancelsTheAnswer() throws IOException {
        try (OpenAiServer server = serve(1, 4)) {
            OpenAIClient client = client(server, "unused");
            EventRing ring = model.metrics().ring();
            long from = ring.head();
            List<CompletableFuture<StreamResponse<ChatCompletionChunk>>> opened = new ArrayList<>();
            model.transformer().exclusively(() -> {
                opened.add(CompletableFuture.supplyAsync(() -> client.chat().completions().createStreaming(chat(PROMPT, 400).build())));
                await("the session to wait for its first pass", () -> model.transformer().waitingForTurn() == 1);
            });
            long[] closedAt = new long[1];
            List<String> received = new ArrayList<>();
            model.transformer().exclusively(() -> {
                StreamResponse<ChatCompletionChunk> stream = opened.getFirst().join();
                Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
                while (received.stream().allMatch(String::isEmpty)) {
                    chunks.next().choices().forEach(c -> c.delta().content().ifPresent(received::add));
                }
                await("the session to wait for its second pass", () -> model.transformer().waitingForTurn() == 1);
                stream.close();
                closedAt[0] = ring.head();
            });
            await("the answer to end", () -> events(ring, from).stream().anyMatch(e -> e.type() == EventType.REQUEST_END));
            long passes = events(ring, closedAt[0]).stream().takeWhile(e -> e.type() != EventType.REQUEST_END)
                    .filter(e -> e.type() == EventType.PASS_END).count();
            System.out.println("disconnect: " + passes + " forward pass(es) between the client's close and the end of its answer");
            assertTrue(passes >= 1 && passes <= 2, passes + " passes after the client closed: the pass waiting at the close, "
                    + "and at most one more when the first write after it still went out (TCP learns of a close from the write after)");
            await("the session to be free", () -> health(server).get("busy").asInt() == 0);
            assertEquals(localAnswer(List.of(ChatMessage.user("The cat sat on the mat")), 8),
                    content(client.chat().completions().create(chat("The cat sat on the mat", 8).build())), "the server goes on");
        }
    }

    /**
     * 50 requests at once while the engine is held: two sessions take two, six wait, the other 42 are
     * refused with 429 and Retry-After. Once the engine runs again every accepted request gets its own
     * answer (greedy, so it is known), none is lost, and the refused ones succeed when sent again.
     */
    @Test
    void fiftyConcurrentRequestsAreAnsweredOrRefusedWith429() throws Exception {
        int parallel = 2;
        int queue = 6;
        int requests = 50;
        List<String> prompts = IntStream.range(0, requests).mapToObj(i -> "Story " + i + ": once upon a time").toList();
        Map<Integer, String> answers = new ConcurrentHashMap<>();
        Map<Integer, OpenAIServiceException> refusals = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        try (OpenAiServer server = serve(parallel, queue); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            OpenAIClient client = client(server, "unused");
            model.transformer().exclusively(() -> {
                for (int i = 0; i < requests; i++) {
                    int n = i;
                    calls.add(CompletableFuture.runAsync(() -> {
                        try {
                            answers.put(n, content(client.chat().completions().create(chat(prompts.get(n), 6).build())));
                        } catch (RateLimitException e) {
                            refusals.put(n, e);
                        }
                    }, clients));
                }
                await("42 refusals while 8 requests are taken", () -> refusals.size() == requests - parallel - queue
                        && health(server).get("queued").asInt() == queue && health(server).get("busy").asInt() == parallel);
            });
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            assertEquals(parallel + queue, answers.size(), "every accepted request was answered");
            assertEquals(requests, answers.size() + refusals.size(), "nothing lost");
            for (Map.Entry<Integer, String> answer : answers.entrySet()) {
                assertEquals(localAnswer(List.of(ChatMessage.user(prompts.get(answer.getKey()))), 6), answer.getValue(),
                        "request " + answer.getKey() + " got its own answer");
            }
            for (OpenAIServiceException refusal : refusals.values()) {
                assertEquals(429, refusal.statusCode());
                assertEquals(List.of(Integer.toString(OpenAiServer.RETRY_AFTER_SECONDS)), refusal.headers().values("Retry-After"));
            }
            int retried = refusals.keySet().iterator().next();
            assertEquals(localAnswer(List.of(ChatMessage.user(prompts.get(retried))), 6),
                    content(client.chat().completions().create(chat(prompts.get(retried), 6).build())));
            assertEquals("ok", health(server).get("status").asText());
        }
    }

    @Test
    void refusalsSayWhatIsWrongAndTheServerStaysHealthy() throws IOException {
        try (OpenAiServer server = serve(1, 4)) {
            OpenAIClient client = client(server, "unused");
            BadRequestException tooLong = assertThrows(BadRequestException.class, () -> client.chat().completions()
                    .create(chat("Once upon a time ".repeat(200), 16).build()));
            assertEquals("context_length_exceeded", tooLong.code().orElseThrow());
            assertTrue(tooLong.getMessage().contains("does not fit the context of " + model.defaultContext() + " tokens"),
                    tooLong.getMessage());
            OpenAIServiceException oversized = assertThrows(OpenAIServiceException.class, () -> client.chat().completions()
                    .create(chat("x".repeat(ServerOptions.DEFAULT_MAX_BODY_BYTES + 1), 16).build()));
            assertEquals(413, oversized.statusCode());
            BadRequestException penalty = assertThrows(BadRequestException.class, () -> client.chat().completions()
                    .create(chat(PROMPT, 16).presencePenalty(0.5).build()));
            assertEquals("presence_penalty", penalty.param().orElseThrow());
            assertTrue(penalty.getMessage().contains("presence_penalty is not supported"), penalty.getMessage());
            ServerTesting.Reply malformed = ServerTesting.post(server, "/v1/chat/completions", "{\"messages\": [");
            assertEquals(400, malformed.status());
            assertTrue(malformed.json().at("/error/message").asText().startsWith("the body is not valid JSON"), malformed.body());
            assertEquals("ok", health(server).get("status").asText());
            assertFalse(content(client.chat().completions().create(chat(PROMPT, 8).build())).isEmpty());
        }
    }

    @Test
    void anAddressThatIsNotLoopbackNeedsAnApiKey() throws IOException {
        ServerOptions open = new ServerOptions("0.0.0.0", 0, null, 1, 4, ServerOptions.DEFAULT_MAX_BODY_BYTES, null);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> serve(open));
        assertTrue(refused.getMessage().contains("needs an API key (--api-key)"), refused.getMessage());
        ServerOptions keyed = new ServerOptions("0.0.0.0", 0, "s3cret", 1, 4, ServerOptions.DEFAULT_MAX_BODY_BYTES, null);
        try (OpenAiServer server = serve(keyed)) {
            ServerTesting.Reply missing = ServerTesting.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/models")).GET().build());
            assertEquals(401, missing.status());
            assertEquals("invalid_api_key", missing.json().at("/error/code").asText());
            UnauthorizedException wrong = assertThrows(UnauthorizedException.class,
                    () -> client(server, "guess").chat().completions().create(chat(PROMPT, 4).build()));
            assertEquals(401, wrong.statusCode());
            assertEquals("ok", health(server).get("status").asText(), "/health needs no key");
            OpenAIClient client = client(server, "s3cret");
            assertEquals("stories260K.gguf", client.models().list().items().getFirst().id());
            assertFalse(content(client.chat().completions().create(chat(PROMPT, 4).build())).isEmpty());
        }
    }
}
