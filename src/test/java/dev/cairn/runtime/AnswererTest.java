package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.cairn.chat.ChatFormat;
import dev.cairn.chat.ChatMessage;
import dev.cairn.model.Transformer;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.testing.Backends;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Answering chat histories on the real stories260K model, with a plain prompt format. */
class AnswererTest {

    /**
     * A story-style format (the model was trained on stories, so it continues them sensibly): user text,
     * then the answer as generated (it starts with its own space), then a line break.
     */
    static final PromptRenderer PLAIN = (messages, addGenerationPrompt) -> messages.stream()
            .map(m -> m.role().equals(ChatMessage.ASSISTANT) ? m.content() + "\n" : m.content())
            .collect(Collectors.joining());
    private static final BooleanSupplier NEVER = () -> false;

    private static LoadedModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.open(Fixtures.model("stories260K.gguf"), 2);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ChatSettings greedy(int maxTokens, String... stops) {
        return new ChatSettings(PLAIN, SamplingParams.greedy(), maxTokens, List.of(stops));
    }

    private static Answer answer(Answerer answerer, List<ChatMessage> history, ChatSettings settings) {
        return answerer.answer(history, settings, NEVER, text -> { });
    }

    private static List<ChatMessage> with(List<ChatMessage> history, ChatMessage... more) {
        List<ChatMessage> longer = new ArrayList<>(history);
        longer.addAll(List.of(more));
        return longer;
    }

    private static int shared(int[] a, int[] b) {
        int n = 0;
        while (n < Math.min(a.length, b.length) && a[n] == b[n]) {
            n++;
        }
        return n;
    }

    /** On the CPU, Vulkan and OpenCL (the first GPU, else lavapipe and PoCL): the KV cache in device memory is reused alike. */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#names")
    void aFollowUpEvaluatesOnlyItsNewTokensAndMatchesAFreshEvaluation(String backend) throws IOException {
        if (backend.equals("cpu")) {
            followUpReusesTheCache(model);
        } else {
            try (LoadedModel onGpu = LoadedModel.open(Fixtures.model("stories260K.gguf"), Backends.resident(backend))) {
                followUpReusesTheCache(onGpu);
            }
        }
    }

    private static void followUpReusesTheCache(LoadedModel model) {
        Answerer answerer = new Answerer(model, 512);
        List<ChatMessage> history = List.of(ChatMessage.user("Once upon a time"));
        Answer first = answer(answerer, history, greedy(30));
        assertEquals(first.promptTokens(), first.evaluatedTokens(), "the first answer evaluates everything");
        int[] cachedAfterFirst = answerer.cachedTokens();

        history = with(history, ChatMessage.assistant(first.text()), ChatMessage.user("One day, the cat"));
        Answer second = answer(answerer, history, greedy(30));
        int[] secondPrompt = model.tokenizer().encode(PLAIN.render(history, true), true, true);
        assertEquals(secondPrompt.length, second.promptTokens());
        assertTrue(second.evaluatedTokens() < second.promptTokens() / 2,
                "only the new turn is evaluated: " + second.evaluatedTokens() + " of " + second.promptTokens());
        int shared = shared(cachedAfterFirst, secondPrompt);
        assertEquals(shared, second.promptTokens() - second.evaluatedTokens(), "reuse is exactly the shared cached prefix");
        assertTrue(shared >= first.promptTokens(), "the whole first prompt is reused");

        Answer fresh = answer(new Answerer(model, 512), history, greedy(30));
        assertEquals(fresh.promptTokens(), fresh.evaluatedTokens());
        assertEquals(second.text(), fresh.text(), "cached and fresh evaluation give the same greedy answer");
        assertTrue(!second.text().isBlank());
    }

    /**
     * The same with the model's real prompt format (stories260K has no template, so the Llama 2 fallback).
     * That template writes an answer back as {@code ' ' + answer|trim}, so where the model's answer did not
     * start with exactly one space the re-rendered answer differs from the generated tokens: evaluation
     * resumes at the first differing token, and never before the end of the first prompt.
     */
    @Test
    void withTheChatTemplateAFollowUpEvaluatesOnlyItsNewTokens() {
        TemplateRenderer template = new TemplateRenderer(ChatFormat.of(model.file().metadata(), "stories260K.gguf"));
        ChatSettings settings = new ChatSettings(template, SamplingParams.greedy(), 24, List.of());
        Answerer answerer = new Answerer(model, 512);
        List<ChatMessage> history = List.of(ChatMessage.user("Once upon a time"));
        Answer first = answer(answerer, history, settings);
        int[] cached = answerer.cachedTokens();
        history = with(history, ChatMessage.assistant(first.text()), ChatMessage.user("The cat"));
        Answer second = answer(answerer, history, settings);
        int[] prompt = model.tokenizer().encode(template.render(history, true), false, true);
        int shared = shared(cached, prompt);
        System.out.printf("template chat: first prompt %d + %d generated; second prompt %d, evaluated %d%n",
                first.promptTokens(), first.generatedTokens(), second.promptTokens(), second.evaluatedTokens());
        assertEquals(prompt.length - shared, second.evaluatedTokens(), "evaluation resumes at the first differing token");
        assertTrue(shared >= first.promptTokens(), "the first prompt is reused whole");
        assertEquals(second.text(), answer(new Answerer(model, 512), history, settings).text());
    }

    @Test
    void streamedTextIsTheAnswer() {
        StringBuilder streamed = new StringBuilder();
        Answer answer = new Answerer(model, 512).answer(List.of(ChatMessage.user("Once upon a time")), greedy(40), NEVER,
                streamed::append);
        assertEquals(answer.text(), streamed.toString());
        assertEquals(Answer.StopReason.MAX_TOKENS, answer.stopReason());
        assertEquals(40, answer.generatedTokens());
        assertTrue(answer.timeToFirstTokenNanos() > 0 && answer.tokensPerSecond() > 0);
    }

    @Test
    void stopStringEndsTheAnswerAndIsNotShown() {
        StringBuilder streamed = new StringBuilder();
        Answer answer = new Answerer(model, 512).answer(List.of(ChatMessage.user("Once upon a time")), greedy(100, "Lily"),
                NEVER, streamed::append);
        assertEquals(Answer.StopReason.STOP_STRING, answer.stopReason());
        assertEquals(", there was a little girl named ", answer.text());
        assertEquals(answer.text(), streamed.toString());
    }

    @Test
    void aStopMidAnswerEndsItAndTheNextAnswerGoesOn() {
        Answerer answerer = new Answerer(model, 512);
        int[] pieces = {0};
        Answer stopped = answerer.answer(List.of(ChatMessage.user("Once upon a time")), greedy(100), () -> pieces[0] >= 5,
                text -> pieces[0]++);
        assertEquals(Answer.StopReason.CANCELLED, stopped.stopReason());
        assertTrue(stopped.generatedTokens() >= 5 && stopped.generatedTokens() < 10, "" + stopped.generatedTokens());
        Answer next = answer(answerer, List.of(ChatMessage.user("The dog")), greedy(20));
        assertEquals(Answer.StopReason.MAX_TOKENS, next.stopReason());
    }

    /** The stop signal belongs to the answer: one given before the answer starts is not forgotten. */
    @Test
    void aStopGivenBeforeTheAnswerStartsEndsItBeforeAnyToken() {
        Answerer answerer = new Answerer(model, 512);
        Answer stopped = answerer.answer(List.of(ChatMessage.user("Once upon a time")), greedy(100), () -> true,
                text -> { });
        assertEquals(Answer.StopReason.CANCELLED, stopped.stopReason());
        assertEquals(0, stopped.generatedTokens());
        assertEquals(0, answerer.cachedTokens().length, "nothing was evaluated");
    }

    @Test
    void aStopDuringALongPromptTakesEffectWithinOneBatch() {
        Answerer answerer = new Answerer(model, 512);
        List<ChatMessage> history = List.of(ChatMessage.user("Once upon a time there was a dog. ".repeat(30)));
        AtomicInteger checks = new AtomicInteger();
        Answer stopped = answerer.answer(history, greedy(20), () -> checks.incrementAndGet() > 1, text -> { });
        assertTrue(stopped.promptTokens() > 2 * Transformer.PROMPT_BATCH, stopped.promptTokens() + " prompt tokens");
        assertEquals(Answer.StopReason.CANCELLED, stopped.stopReason());
        assertEquals(Transformer.PROMPT_BATCH, answerer.cachedTokens().length, "one batch was evaluated, then it stopped");

        Answer resumed = answer(answerer, history, greedy(20));
        assertEquals(resumed.promptTokens() - Transformer.PROMPT_BATCH, resumed.evaluatedTokens(),
                "the next answer goes on from the batch that was evaluated");
    }

    /** Sampling settings and answer length belong to one answer: changing them keeps the cache. */
    @Test
    void otherSettingsForTheNextAnswerReuseTheCache() {
        Answerer answerer = new Answerer(model, 512);
        List<ChatMessage> history = List.of(ChatMessage.user("Once upon a time"));
        Answer greedy = answer(answerer, history, greedy(20));
        Answer regenerated = answer(answerer, history, greedy(20));
        assertEquals(greedy.text(), regenerated.text(), "greedy regeneration repeats itself");
        assertEquals(1, regenerated.evaluatedTokens(), "only the last prompt token is evaluated again");

        ChatSettings creative = new ChatSettings(PLAIN, SamplingParams.defaults().withTemperature(1.2).withSeed(7), 60, List.of());
        Answer sampled = answer(answerer, history, creative);
        assertEquals(1, sampled.evaluatedTokens(), "other sampling and length: still no new prefill");
        assertEquals(sampled.text(), answer(new Answerer(model, 512), history, creative).text(), "the same seed, the same text");
    }

    @Test
    void anEditedMessageIsAnsweredAsIfFresh() {
        Answerer answerer = new Answerer(model, 512);
        Answer first = answer(answerer, List.of(ChatMessage.user("Once upon a time")), greedy(20));
        answer(answerer, List.of(ChatMessage.user("Once upon a time"), ChatMessage.assistant(first.text()),
                ChatMessage.user("Then")), greedy(20));
        Answer edited = answer(answerer, List.of(ChatMessage.user("The little dog")), greedy(20));
        assertEquals(answer(new Answerer(model, 512), List.of(ChatMessage.user("The little dog")), greedy(20)).text(),
                edited.text());
        int[] prompt = model.tokenizer().encode("The little dog", true, true);
        assertArrayEquals(prompt, Arrays.copyOf(answerer.cachedTokens(), prompt.length), "the cache now holds the edit");
        assertThrows(IllegalArgumentException.class, () -> answer(answerer,
                List.of(ChatMessage.user("x"), ChatMessage.assistant("y")), greedy(20)), "an answer needs a user message last");
    }

    @Test
    void oldTurnsAreLeftOutWhenTheContextIsFull() {
        Answerer answerer = new Answerer(model, 64);
        List<ChatMessage> history = new ArrayList<>(List.of(ChatMessage.system("Tim")));
        Answer last = null;
        for (int i = 0; i < 5; i++) {
            history.add(ChatMessage.user(i < 4 ? "Once upon a time there was a dog" : "The end"));
            last = answer(answerer, history, greedy(16));
            history.add(ChatMessage.assistant(last.text()));
        }
        assertTrue(last.droppedMessages() > 0, "older exchanges were left out");
        assertTrue(last.promptTokens() <= 64 - 16);
        assertEquals(ChatMessage.system("Tim"), history.getFirst(), "the caller's history is its own");
    }

    @Test
    void aMessageLargerThanTheContextIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> answer(new Answerer(model, 32),
                List.of(ChatMessage.user("Once upon a time ".repeat(20))), greedy(8)));
        assertTrue(e.getMessage().contains("does not fit the context of 32 tokens"), e.getMessage());
    }
}
