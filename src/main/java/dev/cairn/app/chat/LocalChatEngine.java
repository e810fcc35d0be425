package dev.cairn.app.chat;

import dev.cairn.app.core.EngineThreads;
import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.Answerer;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.LoadedModel;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The chat's use of one loaded model. It holds the model's {@link Answerer}, and with it the KV cache
 * that consecutive answers (and conversations that share a beginning) reuse: the answerer is created by
 * the first answer and dropped by {@link #release}, both on the engine thread, where every answer runs.
 */
final class LocalChatEngine implements ChatEngine {

    private final LoadedModel model;
    private Answerer answerer; // engine thread only

    LocalChatEngine(LoadedModel model) {
        this.model = model;
    }

    @Override
    public String modelName() {
        return model.file().path().getFileName().toString();
    }

    /** The context the model was loaded for (the Plan step's choice). */
    @Override
    public int contextLength() {
        return model.plan().context();
    }

    @Override
    public Executor thread(EngineThreads threads) {
        return threads.engine();
    }

    @Override
    public Reply answer(List<ChatMessage> history, ChatOptions options, BooleanSupplier stop, Answerer.AnswerListener listener) {
        if (answerer == null) {
            answerer = new Answerer(model, contextLength());
        }
        ChatSettings settings = new ChatSettings(options.promptStyle().renderer(model), options.samplingForOneAnswer(),
                options.maxTokens(), List.of());
        Answer answer = answerer.answer(history, settings, stop, listener);
        return new Reply(answer, modelName(), answerer.cachedTokens().length);
    }

    @Override
    public void release(EngineThreads threads) {
        threads.engine().execute(() -> {
            if (answerer != null) {
                answerer.close();
                answerer = null;
            }
        });
    }
}
