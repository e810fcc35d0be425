package dev.cairn.runtime;

import dev.cairn.chat.ChatMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.sampling.SamplingParams;
import dev.cairn.chat.ChatFormat;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Multi-turn chat on the real stories260K model, with a plain prompt format. */
class ChatSessionTest {

    /**
     * A story-style format (the model was trained on stories, so it continues them sensibly): user text,
     * then the answer as generated (it starts with its own space), then a line break.
     */
    static final PromptRenderer PLAIN = (messages, addGenerationPrompt) -> messages.stream()
            .map(m -> m.role().equals(ChatMessage.ASSISTANT) ? m.content() + "\n" : m.content())
            .collect(Collectors.joining());

    private static LoadedModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.open(Fixtures.model("stories260K.gguf"), 2);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ChatSession session(int context, int maxTokens, List<String> stops) {
        return new ChatSession(model, PLAIN, new ChatSettings(SamplingParams.greedy(), context, maxTokens, stops));
    }

    @Test
    void secondTurnEvaluatesOnlyNewTokensAndMatchesAFreshEvaluation() {
        ChatSession chat = session(512, 30, List.of());
        Answer first = chat.send("Once upon a time", t -> { });
        assertEquals(first.promptTokens(), first.evaluatedTokens(), "the first turn evaluates everything");
        int[] cachedAfterFirst = chat.cachedTokens();

        Answer second = chat.send("One day, the cat", t -> { });
        int[] secondPrompt = model.tokenizer().encode(PLAIN.render(chat.messages().subList(0, 3), true), true, true);
        assertEquals(secondPrompt.length, second.promptTokens());
        assertTrue(second.evaluatedTokens() < second.promptTokens() / 2,
                "only the new turn is evaluated: " + second.evaluatedTokens() + " of " + second.promptTokens());
        int shared = 0;
        while (shared < Math.min(cachedAfterFirst.length, secondPrompt.length) && cachedAfterFirst[shared] == secondPrompt[shared]) {
            shared++;
        }
        assertEquals(shared, second.promptTokens() - second.evaluatedTokens(), "reuse is exactly the shared cached prefix");
        assertTrue(shared >= first.promptTokens(), "the whole first prompt is reused");

        ChatSession fresh = session(512, 30, List.of());
        fresh.restore(chat.messages().subList(0, 3));
        Answer again = fresh.regenerate(t -> { });
        assertEquals(again.promptTokens(), again.evaluatedTokens());
        assertEquals(second.text(), again.text(), "cached and fresh evaluation give the same greedy answer");
        assertTrue(!second.text().isBlank());
    }

    /**
     * The same with the model's real prompt format (stories260K has no template, so the Llama 2 fallback).
     * That template writes an answer back as {@code ' ' + answer|trim}, so where the model's answer did not
     * start with exactly one space the re-rendered answer differs from the generated tokens: evaluation
     * resumes at the first differing token, and never before the end of the first prompt.
     */
    @Test
    void withTheChatTemplateTheSecondTurnEvaluatesOnlyItsNewTokens() {
        ChatFormat format = ChatFormat.of(model.file().metadata(), "stories260K.gguf");
        ChatSettings settings = new ChatSettings(SamplingParams.greedy(), 512, 24, List.of());
        ChatSession chat = new ChatSession(model, new TemplateRenderer(format), settings);
        Answer first = chat.send("Once upon a time", t -> { });
        int[] cached = chat.cachedTokens();
        Answer second = chat.send("The cat", t -> { });
        int[] prompt = model.tokenizer().encode(new TemplateRenderer(format).render(chat.messages().subList(0, 3), true),
                false, true);
        int shared = 0;
        while (shared < Math.min(cached.length, prompt.length) && cached[shared] == prompt[shared]) {
            shared++;
        }
        System.out.printf("template chat: first prompt %d + %d generated; second prompt %d, evaluated %d%n",
                first.promptTokens(), first.generatedTokens(), second.promptTokens(), second.evaluatedTokens());
        assertEquals(prompt.length - shared, second.evaluatedTokens(), "evaluation resumes at the first differing token");
        assertTrue(shared >= first.promptTokens(), "the first prompt is reused whole");

        ChatSession fresh = new ChatSession(model, new TemplateRenderer(format), settings);
        fresh.restore(chat.messages().subList(0, 3));
        assertEquals(second.text(), fresh.regenerate(t -> { }).text());
    }

    @Test
    void streamedTextIsTheAnswer() {
        ChatSession chat = session(512, 40, List.of());
        StringBuilder streamed = new StringBuilder();
        Answer answer = chat.send("Once upon a time", streamed::append);
        assertEquals(answer.text(), streamed.toString());
        assertEquals(Answer.StopReason.MAX_TOKENS, answer.stopReason());
        assertEquals(40, answer.generatedTokens());
        assertTrue(answer.timeToFirstTokenNanos() > 0 && answer.tokensPerSecond() > 0);
    }

    @Test
    void stopStringEndsTheAnswerAndIsNotShown() {
        ChatSession chat = session(512, 100, List.of("Lily"));
        StringBuilder streamed = new StringBuilder();
        Answer answer = chat.send("Once upon a time", streamed::append);
        assertEquals(Answer.StopReason.STOP_STRING, answer.stopReason());
        assertEquals(", there was a little girl named ", answer.text());
        assertEquals(answer.text(), streamed.toString());
    }

    @Test
    void cancelStopsMidAnswerAndTheSessionGoesOn() {
        ChatSession chat = session(512, 100, List.of());
        int[] pieces = {0};
        Answer cancelled = chat.send("Once upon a time", t -> {
            if (++pieces[0] == 5) {
                chat.cancel();
            }
        });
        assertEquals(Answer.StopReason.CANCELLED, cancelled.stopReason());
        assertTrue(cancelled.generatedTokens() >= 5 && cancelled.generatedTokens() < 10, "" + cancelled.generatedTokens());
        Answer next = chat.send("The dog", t -> { });
        assertEquals(Answer.StopReason.MAX_TOKENS, next.stopReason());
    }

    @Test
    void regenerateAndEditAndResend() {
        ChatSession chat = session(512, 20, List.of());
        Answer first = chat.send("Once upon a time", t -> { });
        Answer regenerated = chat.regenerate(t -> { });
        assertEquals(first.text(), regenerated.text(), "greedy regeneration repeats itself");
        assertEquals(2, chat.messages().size());
        assertTrue(regenerated.evaluatedTokens() <= 1, "the prompt is still cached");

        Answer edited = chat.editAndResend(0, "The little dog", t -> { });
        assertEquals(List.of(ChatMessage.user("The little dog"), ChatMessage.assistant(edited.text())), chat.messages());
        ChatSession fresh = session(512, 20, List.of());
        assertEquals(fresh.send("The little dog", t -> { }).text(), edited.text());
        assertThrows(IllegalArgumentException.class, () -> chat.editAndResend(1, "x", t -> { }));
    }

    @Test
    void oldTurnsAreLeftOutWhenTheContextIsFull() {
        ChatSession chat = session(64, 16, List.of());
        chat.setSystemPrompt("Tim");
        for (int i = 0; i < 4; i++) {
            chat.send("Once upon a time there was a dog", t -> { });
        }
        Answer last = chat.send("The end", t -> { });
        assertTrue(last.droppedMessages() > 0, "older exchanges were left out");
        assertTrue(last.promptTokens() <= 64 - 16);
        assertEquals(ChatMessage.system("Tim"), chat.messages().getFirst(), "the history itself is kept");
        assertEquals(11, chat.messages().size(), "system prompt and five exchanges");
    }

    @Test
    void aMessageLargerThanTheContextIsAClearError() {
        ChatSession chat = session(32, 8, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> chat.send("Once upon a time ".repeat(20), t -> { }));
        assertTrue(e.getMessage().contains("does not fit the context of 32 tokens"), e.getMessage());
    }
}
