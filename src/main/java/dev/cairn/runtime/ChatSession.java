package dev.cairn.runtime;

import dev.cairn.chat.ChatMessage;

import dev.cairn.model.InferenceState;
import dev.cairn.sampling.Sampler;
import dev.cairn.tokenizer.Tokenizer;
import dev.cairn.tokenizer.Utf8Accumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A multi-turn conversation with one model. Every answer re-renders the whole conversation through the
 * chat template, but only the tokens after the longest prefix already in the KV cache are evaluated.
 * When the template writes an earlier answer back differently from how it was generated (trimmed, or
 * with reasoning removed), evaluation resumes at the first token that differs.
 *
 * <p>Context policy: when the rendered conversation plus room for the answer
 * ({@link ChatSettings#answerReserve()}) no longer fits the context, the oldest messages after the
 * system prompt are left out of the prompt, a user/assistant exchange at a time, and the prompt is
 * evaluated again from the first changed token. The history itself is kept; {@link Answer#droppedMessages()}
 * says how many messages the answer could not see. If even the newest message alone does not fit, the
 * call fails with a message saying so.
 *
 * <p>Calls that answer are serialised; {@link #cancel()} may be called from any thread.
 */
public final class ChatSession {

    /** Receives answer text as it streams. */
    @FunctionalInterface
    public interface AnswerListener {
        void onText(String text);
    }

    private final LoadedModel model;
    private final Tokenizer tokenizer;
    private final PromptRenderer renderer;
    private final ChatSettings settings;
    private final InferenceState state;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private int[] cachedTokens = new int[0]; // (position) tokens whose keys and values are in the state
    private int answers;

    public ChatSession(LoadedModel model, PromptRenderer renderer, ChatSettings settings) {
        this.model = model;
        this.tokenizer = model.tokenizer();
        this.renderer = renderer;
        this.settings = settings;
        this.state = model.newState(settings.contextLength());
    }

    public synchronized List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    /** Sets, replaces or (with a blank text) removes the system prompt at the start of the conversation. */
    public synchronized void setSystemPrompt(String text) {
        if (!messages.isEmpty() && messages.getFirst().role().equals(ChatMessage.SYSTEM)) {
            messages.removeFirst();
        }
        if (text != null && !text.isBlank()) {
            messages.addFirst(ChatMessage.system(text));
        }
    }

    /** Replaces the conversation with {@code history} (a saved chat, say); nothing is evaluated yet. */
    public synchronized void restore(List<ChatMessage> history) {
        messages.clear();
        messages.addAll(history);
    }

    /** Forgets the conversation but the system prompt. */
    public synchronized void reset() {
        messages.removeIf(m -> !m.role().equals(ChatMessage.SYSTEM));
    }

    /** Stops the answer in progress (or the next one, if called between answers it has no effect). */
    public void cancel() {
        cancelled.set(true);
    }

    /** The tokens whose keys and values the cache holds, in order. */
    public synchronized int[] cachedTokens() {
        return cachedTokens.clone();
    }

    public synchronized Answer send(String userText, AnswerListener listener) {
        messages.add(ChatMessage.user(userText));
        return answer(listener);
    }

    /** Answers the last user message again (dropping the previous answer to it). */
    public synchronized Answer regenerate(AnswerListener listener) {
        if (!messages.isEmpty() && messages.getLast().role().equals(ChatMessage.ASSISTANT)) {
            messages.removeLast();
        }
        requireUserLast();
        return answer(listener);
    }

    /** Replaces user message {@code index}, forgets everything after it, and answers it. */
    public synchronized Answer editAndResend(int index, String userText, AnswerListener listener) {
        if (index < 0 || index >= messages.size() || !messages.get(index).role().equals(ChatMessage.USER)) {
            throw new IllegalArgumentException("message " + index + " is not a user message");
        }
        messages.subList(index, messages.size()).clear();
        messages.add(ChatMessage.user(userText));
        return answer(listener);
    }

    private void requireUserLast() {
        if (messages.isEmpty() || !messages.getLast().role().equals(ChatMessage.USER)) {
            throw new IllegalStateException("there is no user message to answer");
        }
    }

    private Answer answer(AnswerListener listener) {
        long start = System.nanoTime();
        cancelled.set(false);
        Prompt prompt = fit();
        int reuse = commonPrefix(cachedTokens, prompt.tokens);
        // At least the last token must be evaluated again: its logits choose the first answer token.
        reuse = Math.min(reuse, prompt.tokens.length - 1);
        state.rewind(reuse);
        Sampler sampler = new Sampler(settings.sampling().withSeed(settings.sampling().seed() + answers++),
                model.config().vocabSize());
        for (int i = 0; i < reuse; i++) {
            sampler.accept(prompt.tokens[i]);
        }
        int[] toEvaluate = Arrays.copyOfRange(prompt.tokens, reuse, prompt.tokens.length);
        Utf8Accumulator utf8 = new Utf8Accumulator();
        StopStringFilter filter = new StopStringFilter(settings.stopStrings());
        long preparationNanos = System.nanoTime() - start;
        Generator.Result result = new Generator(model.transformer(), tokenizer).generate(state, toEvaluate, sampler,
                settings.maxTokens(), token -> emit(listener, filter.accept(utf8.acceptText(tokenizer.decode(token)))),
                () -> cancelled.get() || filter.stopped());
        emit(listener, filter.accept(new String(utf8.flush(), java.nio.charset.StandardCharsets.UTF_8)));
        emit(listener, filter.finish());
        int[] all = Arrays.copyOf(prompt.tokens, prompt.tokens.length + result.tokens().length);
        System.arraycopy(result.tokens(), 0, all, prompt.tokens.length, result.tokens().length);
        cachedTokens = Arrays.copyOf(all, state.position());
        String text = filter.text();
        messages.add(ChatMessage.assistant(text));
        return new Answer(text, stopReason(result, filter), prompt.tokens.length, toEvaluate.length,
                result.tokens().length, prompt.dropped,
                result.tokens().length == 0 ? 0 : preparationNanos + result.firstTokenNanos(), result.generationNanos());
    }

    private Answer.StopReason stopReason(Generator.Result result, StopStringFilter filter) {
        if (filter.stopped()) {
            return Answer.StopReason.STOP_STRING;
        }
        return switch (result.stopReason()) {
            case END_OF_GENERATION -> Answer.StopReason.END_OF_GENERATION;
            case MAX_TOKENS -> Answer.StopReason.MAX_TOKENS;
            case CONTEXT_FULL -> Answer.StopReason.CONTEXT_FULL;
            case STOPPED -> Answer.StopReason.CANCELLED;
        };
    }

    private static void emit(AnswerListener listener, String text) {
        if (!text.isEmpty()) {
            listener.onText(text);
        }
    }

    private record Prompt(int[] tokens, int dropped) {
    }

    /** The rendered conversation, leaving out the oldest exchanges until it fits (see the class comment). */
    private Prompt fit() {
        requireUserLast();
        int limit = settings.contextLength() - settings.answerReserve();
        List<ChatMessage> visible = new ArrayList<>(messages);
        int firstDroppable = !visible.isEmpty() && visible.getFirst().role().equals(ChatMessage.SYSTEM) ? 1 : 0;
        int dropped = 0;
        while (true) {
            int[] tokens = tokenize(renderer.render(visible, true));
            if (tokens.length <= limit) {
                return new Prompt(tokens, dropped);
            }
            if (visible.size() - firstDroppable <= 1) {
                throw new IllegalArgumentException("the last message (" + tokens.length + " prompt tokens) does not fit "
                        + "the context of " + settings.contextLength() + " tokens with " + settings.answerReserve()
                        + " kept for the answer");
            }
            visible.remove(firstDroppable);
            dropped++;
            // Keep exchanges whole: never start the visible history with an assistant message.
            while (visible.size() - firstDroppable > 1 && visible.get(firstDroppable).role().equals(ChatMessage.ASSISTANT)) {
                visible.remove(firstDroppable);
                dropped++;
            }
        }
    }

    private int[] tokenize(String prompt) {
        String bosText = tokenizer.vocabulary().bos() >= 0 ? tokenizer.vocabulary().tokens()[tokenizer.vocabulary().bos()] : null;
        // Templates usually write the BOS text themselves; add BOS only when they did not.
        boolean addBos = tokenizer.vocabulary().addBos() && (bosText == null || !prompt.startsWith(bosText));
        return tokenizer.encode(prompt, addBos, true);
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
