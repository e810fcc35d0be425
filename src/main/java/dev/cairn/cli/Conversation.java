package dev.cairn.cli;

import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.Answerer;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.PromptRenderer;
import dev.cairn.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The terminal chat's history and how it is answered. Each answer gets its own stop signal, and its own
 * seed (the chosen one plus the answer's number), so a regenerated answer differs unless sampling is greedy.
 */
final class Conversation {

    private final Answerer answerer;
    private final PromptRenderer renderer;
    private final SamplingParams sampling;
    private final int maxTokens;
    private final List<String> stops;
    private final List<ChatMessage> history = new ArrayList<>();
    private volatile AtomicBoolean answering; // the stop signal of the answer being written, or null
    private int answers;

    Conversation(Answerer answerer, PromptRenderer renderer, SamplingParams sampling, int maxTokens, List<String> stops) {
        this.answerer = answerer;
        this.renderer = renderer;
        this.sampling = sampling;
        this.maxTokens = maxTokens;
        this.stops = List.copyOf(stops);
    }

    void setSystemPrompt(String text) {
        if (text != null && !text.isBlank()) {
            history.addFirst(ChatMessage.system(text));
        }
    }

    /** Forgets everything but the system prompt. */
    void reset() {
        history.removeIf(m -> !m.role().equals(ChatMessage.SYSTEM));
    }

    /** Answers {@code text}; a message that cannot be answered is not kept. */
    Answer send(String text, Answerer.AnswerListener listener) {
        history.add(ChatMessage.user(text));
        try {
            return answerLast(listener);
        } catch (IllegalArgumentException e) {
            history.removeLast();
            throw e;
        }
    }

    /** Answers the last user message again, in place of its answer. */
    Answer regenerate(Answerer.AnswerListener listener) {
        if (!history.isEmpty() && history.getLast().role().equals(ChatMessage.ASSISTANT)) {
            history.removeLast();
        }
        return answerLast(listener);
    }

    /** Stops the answer being written; false when none is. Safe from any thread. */
    boolean stopAnswer() {
        AtomicBoolean stop = answering;
        if (stop == null) {
            return false;
        }
        stop.set(true);
        return true;
    }

    private Answer answerLast(Answerer.AnswerListener listener) {
        AtomicBoolean stop = new AtomicBoolean();
        answering = stop;
        try {
            ChatSettings settings = new ChatSettings(renderer, sampling.withSeed(sampling.seed() + answers++), maxTokens, stops);
            Answer answer = answerer.answer(history, settings, stop::get, listener);
            history.add(ChatMessage.assistant(answer.text()));
            return answer;
        } finally {
            answering = null;
        }
    }
}
