package dev.cairn.runtime;

import dev.cairn.chat.ChatMessage;
import dev.cairn.model.InferenceState;
import dev.cairn.sampling.Sampler;
import dev.cairn.tokenizer.Tokenizer;
import dev.cairn.tokenizer.Utf8Accumulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Answers chat histories with one model. An answer is a function of the history, the settings for that
 * answer, a stop signal and a listener; the caller owns the history. The only state kept from one answer
 * to the next is the KV cache of the last prompt and answer: the next answer re-renders its whole
 * history through the prompt format and evaluates only the tokens after the longest prefix the cache
 * already holds. So a follow-up question, a regenerated answer or an answer with other sampling settings
 * evaluates just what changed; where a template writes an earlier answer back differently from how it
 * was generated (trimmed, or with reasoning removed), evaluation resumes at the first differing token.
 *
 * <p>Context policy: when the rendered history plus room for the answer
 * ({@link ChatSettings#answerReserve(int)}) no longer fits the context, the oldest messages after the
 * system prompt are left out of the prompt, a user/assistant exchange at a time;
 * {@link Answer#droppedMessages()} says how many. If even the newest message alone does not fit, the
 * answer fails with a {@link ContextOverflowException} saying so; with {@link ChatSettings.Overflow#REFUSE}
 * it fails so whenever the whole history does not fit.
 *
 * <p>It owns its {@link InferenceState} (the KV cache, in the backend's memory until {@link #close()}):
 * create, use and close an answerer on one thread.
 * Only the stop signal is read across threads: it is checked before every forward pass, so a stop during
 * a long prompt takes effect within one batch of {@link dev.cairn.model.Transformer#PROMPT_BATCH} tokens.
 */
public final class Answerer implements AutoCloseable {

    /** Receives answer text as it streams. */
    @FunctionalInterface
    public interface AnswerListener {
        void onText(String text);

        /** The prompt is evaluated and the first answer token chosen: decoding begins (not called when none is). */
        default void onPromptEvaluated() {
        }
    }

    private final LoadedModel model;
    private final Tokenizer tokenizer;
    private final InferenceState state;
    private int[] cachedTokens = new int[0]; // (position) tokens whose keys and values are in the state

    public Answerer(LoadedModel model, int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, was " + contextLength);
        }
        this.model = model;
        this.tokenizer = model.tokenizer();
        this.state = model.newState(contextLength);
    }

    public int contextLength() {
        return state.contextLength();
    }

    /** The tokens whose keys and values the cache holds, in order: how much of the context is in use. */
    public int[] cachedTokens() {
        return cachedTokens.clone();
    }

    /**
     * Answers the last message of {@code history}, a user message, streaming the text to {@code listener}.
     *
     * @param history the conversation: an optional system prompt first, then user and assistant messages
     * @param stop    true once the answer should end (its text so far is kept); checked before every forward pass
     */
    public Answer answer(List<ChatMessage> history, ChatSettings settings, BooleanSupplier stop, AnswerListener listener) {
        long start = System.nanoTime();
        Prompt prompt = fit(history, settings);
        int reuse = commonPrefix(cachedTokens, prompt.tokens);
        // At least the last token must be evaluated again: its logits choose the first answer token.
        reuse = Math.min(reuse, prompt.tokens.length - 1);
        state.rewind(reuse);
        // Until this answer is done, the cache is only known to hold the shared prefix.
        cachedTokens = Arrays.copyOf(prompt.tokens, reuse);
        Sampler sampler = new Sampler(settings.sampling(), model.config().vocabSize());
        for (int i = 0; i < reuse; i++) {
            sampler.accept(prompt.tokens[i]);
        }
        int[] toEvaluate = Arrays.copyOfRange(prompt.tokens, reuse, prompt.tokens.length);
        Utf8Accumulator utf8 = new Utf8Accumulator();
        StopStringFilter filter = new StopStringFilter(settings.stopStrings());
        long preparationNanos = System.nanoTime() - start;
        int[] generated = {0};
        Generator.Result result = new Generator(model.transformer(), tokenizer).generate(state, toEvaluate, sampler,
                settings.maxTokens(), token -> {
                    if (generated[0]++ == 0) {
                        listener.onPromptEvaluated();
                    }
                    emit(listener, filter.accept(utf8.acceptText(tokenizer.decode(token))));
                }, () -> stop.getAsBoolean() || filter.stopped());
        emit(listener, filter.accept(new String(utf8.flush(), StandardCharsets.UTF_8)));
        emit(listener, filter.finish());
        int[] all = Arrays.copyOf(prompt.tokens, prompt.tokens.length + result.tokens().length);
        System.arraycopy(result.tokens(), 0, all, prompt.tokens.length, result.tokens().length);
        cachedTokens = Arrays.copyOf(all, state.position());
        return new Answer(filter.text(), stopReason(result, filter), prompt.tokens.length, toEvaluate.length,
                result.tokens().length, prompt.dropped,
                result.tokens().length == 0 ? 0 : preparationNanos + result.firstTokenNanos(), result.generationNanos());
    }

    private static Answer.StopReason stopReason(Generator.Result result, StopStringFilter filter) {
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

    /** The rendered history, leaving out the oldest exchanges until it fits (see the class comment). */
    private Prompt fit(List<ChatMessage> history, ChatSettings settings) {
        if (history.isEmpty() || !history.getLast().role().equals(ChatMessage.USER)) {
            throw new IllegalArgumentException("there is no user message to answer");
        }
        int limit = contextLength() - settings.answerReserve(contextLength());
        List<ChatMessage> visible = new ArrayList<>(history);
        int firstDroppable = visible.getFirst().role().equals(ChatMessage.SYSTEM) ? 1 : 0;
        int dropped = 0;
        while (true) {
            int[] tokens = tokenize(settings.renderer().render(visible, true));
            if (tokens.length <= limit) {
                return new Prompt(tokens, dropped);
            }
            if (settings.overflow() == ChatSettings.Overflow.REFUSE) {
                throw new ContextOverflowException("the prompt (" + tokens.length + " tokens) does not fit the context of "
                        + contextLength() + " tokens with " + settings.answerReserve(contextLength()) + " kept for the answer");
            }
            if (visible.size() - firstDroppable <= 1) {
                throw new ContextOverflowException("the last message (" + tokens.length + " prompt tokens) does not fit "
                        + "the context of " + contextLength() + " tokens with " + settings.answerReserve(contextLength())
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

    /** Frees the KV cache and activations; the answerer cannot answer afterwards. */
    @Override
    public void close() {
        state.close();
    }
}
