package dev.cairn.app.chat;

import dev.cairn.app.core.EngineThreads;
import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.Answerer;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.server.client.Endpoint;
import dev.cairn.server.client.OpenAiClient;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The chat answered by an OpenAI-compatible server. The conversation's temperature, top-p, seed and
 * answer length go with each request (the standard parameters); the prompt style and the other sampling
 * filters are the server's. Answers run on a background thread, so the engine thread stays free.
 */
final class RemoteChatEngine implements ChatEngine {

    private final OpenAiClient client;

    RemoteChatEngine(Endpoint endpoint) {
        this.client = new OpenAiClient(endpoint);
    }

    @Override
    public String modelName() {
        Endpoint endpoint = client.endpoint();
        return (endpoint.model().isEmpty() ? "the server's model" : endpoint.model()) + " at " + endpoint.baseUrl();
    }

    @Override
    public int contextLength() {
        return 0;
    }

    @Override
    public Executor thread(EngineThreads threads) {
        return threads.background();
    }

    @Override
    public Reply answer(List<ChatMessage> history, ChatOptions options, BooleanSupplier stop, Answerer.AnswerListener listener)
            throws Exception {
        SamplingParams sampling = options.samplingForOneAnswer();
        OpenAiClient.Reply reply = client.chat(history, new OpenAiClient.Sampling(sampling.temperature(), sampling.topP(),
                options.seed(), options.maxTokens()), stop, listener::onText);
        Answer answer = new Answer(reply.text(), stopReason(reply), reply.promptTokens(),
                reply.promptTokens() - reply.cachedTokens(), reply.completionTokens(), 0, reply.firstTextNanos(),
                reply.totalNanos() - reply.firstTextNanos());
        return new Reply(answer, reply.model(), reply.promptTokens() + reply.completionTokens());
    }

    private static Answer.StopReason stopReason(OpenAiClient.Reply reply) {
        if (reply.stopped()) {
            return Answer.StopReason.CANCELLED;
        }
        return "length".equals(reply.finishReason()) ? Answer.StopReason.MAX_TOKENS : Answer.StopReason.END_OF_GENERATION;
    }

    @Override
    public void release(EngineThreads threads) {
        // Nothing is held between answers: the server keeps its own cache.
    }
}
