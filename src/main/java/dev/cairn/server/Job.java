package dev.cairn.server;

import dev.cairn.runtime.Answer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request on its way through the {@link Scheduler}: what to answer, where the answer streams, the
 * stop signal its client's disconnect sets, and the answer (or the failure) when it is done.
 */
final class Job {

    /** Where a session sends the answer as it is written; called on the session's thread. */
    interface Output {
        /** The prompt is evaluated: the answer's first text follows. */
        void prompted();

        void text(String text);
    }

    /** The output of a reply sent whole at the end: nothing streams. */
    static final Output SILENT = new Output() {
        @Override
        public void prompted() {
        }

        @Override
        public void text(String text) {
        }
    };

    private final long number;
    private final ApiRequest request;
    private final Output output;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();
    int queueLane = -1; // the scheduler's, under its lock

    /** {@code output} is made for this job from its cancel action (a stream cancels when its client is gone). */
    Job(long number, ApiRequest request, java.util.function.Function<Runnable, Output> output) {
        this.number = number;
        this.request = request;
        this.output = output == null ? SILENT : output.apply(this::cancel);
    }

    long number() {
        return number;
    }

    ApiRequest request() {
        return request;
    }

    Output output() {
        return output;
    }

    /** Stops the answer before its next forward pass (or before it starts); what was written is kept. */
    void cancel() {
        cancelled.set(true);
    }

    boolean cancelled() {
        return cancelled.get();
    }

    /** Completes with the answer, or exceptionally with why there is none. */
    CompletableFuture<Answer> answer() {
        return answer;
    }
}
