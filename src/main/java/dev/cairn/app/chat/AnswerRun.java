package dev.cairn.app.chat;

import dev.cairn.chat.ChatMessage;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.concurrent.Task;

/**
 * One answer being written: it runs on its engine's thread and streams into its {@link #reply()} entry,
 * which the FX thread updates from a {@link StreamedText} at most every {@link #STREAM_INTERVAL_NANOS}.
 * It has its own stop signal, so a Stop clicked before the engine gets to the answer still ends it (at
 * once), and a Stop during a long prompt ends it within one batch.
 */
final class AnswerRun {

    static final long STREAM_INTERVAL_NANOS = 40_000_000L;

    /** How an answer ended, on the FX thread. */
    sealed interface Outcome {
        record Answered(ChatEngine.Reply reply) implements Outcome {
        }

        record Failed(Throwable failure) implements Outcome {
        }
    }

    private final ChatEntry reply = new ChatEntry(ChatEntry.Kind.ASSISTANT, "");
    private final AtomicBoolean stop = new AtomicBoolean();
    private final StreamedText stream = new StreamedText();
    private final Task<ChatEngine.Reply> task;
    private final AnimationTimer pump = new AnimationTimer() {
        private long last;

        @Override
        public void handle(long now) {
            if (now - last >= STREAM_INTERVAL_NANOS) {
                last = now;
                showStreamed();
            }
        }
    };

    AnswerRun(ChatEngine engine, List<ChatMessage> history, ChatOptions options, Consumer<Outcome> done) {
        List<ChatMessage> asked = List.copyOf(history);
        task = new Task<>() {
            @Override
            protected ChatEngine.Reply call() throws Exception {
                return engine.answer(asked, options, stop::get, stream::append);
            }
        };
        task.setOnSucceeded(e -> {
            pump.stop();
            reply.textProperty().set(task.getValue().answer().text());
            end(done, new Outcome.Answered(task.getValue()));
        });
        task.setOnFailed(e -> {
            pump.stop();
            showStreamed();
            end(done, new Outcome.Failed(task.getException()));
        });
        reply.streamingProperty().set(true);
    }

    /** The answer's entry in the conversation, growing as the text streams in. */
    ChatEntry reply() {
        return reply;
    }

    void start(Executor thread) {
        pump.start();
        thread.execute(task);
    }

    /** Ends the answer; what was written so far stays. Never waits. */
    void stop() {
        stop.set(true);
    }

    private void showStreamed() {
        String text = stream.drain();
        if (!text.isEmpty()) {
            reply.textProperty().set(reply.textProperty().get() + text);
        }
    }

    private void end(Consumer<Outcome> done, Outcome outcome) {
        reply.streamingProperty().set(false);
        done.accept(outcome);
    }
}
