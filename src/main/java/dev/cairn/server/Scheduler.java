package dev.cairn.server;

import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.Answerer;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.metrics.EngineMetrics;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sessions that answer requests with one model, and the bounded queue in front of them. Each session has
 * its own thread and {@link Answerer} (so its own KV cache); the model's forward passes take turns in
 * arrival order ({@link dev.cairn.model.Transformer}), so busy sessions interleave pass by pass and
 * never run two passes at once. Waiting requests are taken first come, first served; a request goes to
 * the free session whose cache holds the longest beginning of its conversation, so a multi-turn chat
 * continues on the cache its previous turn left. Queue places and session phases are recorded in the
 * model's event ring for the inspector's timeline.
 */
final class Scheduler implements AutoCloseable {

    /** Tells a session's thread to close its answerer and end. */
    private static final Job STOP = new Job(-1, null, null);

    private final EngineMetrics metrics;
    private final Session[] sessions;
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final boolean[] queueLanes; // (queue) whether a waiting request holds that place on the timeline
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;
    private long handedOut; // requests handed to sessions so far: their order of use

    Scheduler(LoadedModel model, int parallel, int queue, int contextPerSession) {
        this.metrics = model.metrics();
        this.queueLanes = new boolean[queue];
        this.sessions = new Session[parallel];
        try {
            for (int i = 0; i < parallel; i++) {
                sessions[i] = new Session(i, new Answerer(model, contextPerSession));
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            close();
            throw e;
        }
        for (Session session : sessions) {
            session.thread.start();
        }
    }

    int contextPerSession() {
        return sessions[0].answerer.contextLength();
    }

    /** Queues {@code job}; false when the queue is full (the caller refuses it) or the server is stopping. */
    boolean submit(Job job) {
        lock.lock();
        try {
            if (closed || waiting.size() >= queueLanes.length && idleSession() == null) {
                return false;
            }
            job.queueLane = freeQueueLane();
            if (job.queueLane >= 0) {
                queueLanes[job.queueLane] = true;
                metrics.requestQueued(job.queueLane, job.number());
            }
            waiting.add(job);
            dispatch();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts for {@code /health}. */
    record Load(int busySessions, int sessions, int waiting) {
    }

    Load load() {
        lock.lock();
        try {
            int busy = 0;
            for (Session s : sessions) {
                busy += s.idle ? 0 : 1;
            }
            return new Load(busy, sessions.length, waiting.size());
        } finally {
            lock.unlock();
        }
    }

    /** Hands waiting requests to free sessions, oldest first. Under the lock. */
    private void dispatch() {
        while (!waiting.isEmpty()) {
            Session free = idleSession();
            if (free == null) {
                return;
            }
            Job job = waiting.poll();
            leaveQueue(job);
            if (job.cancelled()) {
                job.answer().completeExceptionally(new CancellationDuringQueue());
                continue;
            }
            Session best = bestSessionFor(job.request().conversationText());
            best.idle = false;
            best.lastUsed = ++handedOut;
            best.handoff.add(job);
        }
    }

    private void leaveQueue(Job job) {
        if (job.queueLane >= 0) {
            queueLanes[job.queueLane] = false;
            metrics.requestDequeued(job.queueLane, job.number());
        }
    }

    private Session idleSession() {
        for (Session s : sessions) {
            if (s.idle) {
                return s;
            }
        }
        return null;
    }

    /**
     * The free session whose cache holds the most of {@code text}, if that is at least half of it (like
     * llama.cpp's prompt similarity), else the one idle the longest, so a new conversation does not
     * overwrite another's cache while an empty or older one is free.
     */
    private Session bestSessionFor(String text) {
        Session best = null;
        int bestShared = 0;
        for (Session s : sessions) {
            int shared = commonPrefix(s.lastText, text);
            if (s.idle && shared > bestShared && 2 * shared >= text.length()) {
                best = s;
                bestShared = shared;
            }
        }
        if (best != null) {
            return best;
        }
        for (Session s : sessions) {
            if (s.idle && (best == null || s.lastUsed < best.lastUsed)) {
                best = s;
            }
        }
        return best;
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private int freeQueueLane() {
        for (int i = 0; i < queueLanes.length; i++) {
            if (!queueLanes[i]) {
                return i;
            }
        }
        return -1; // no queue at all: the request goes straight to a free session
    }

    private void finished(Session session) {
        lock.lock();
        try {
            session.idle = true;
            if (!closed) {
                dispatch();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new requests, fails those waiting, stops those being answered (within one forward pass),
     * and waits until every session has closed its answerer: the model may be closed afterwards.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Job job : waiting) {
                leaveQueue(job);
                job.answer().completeExceptionally(new ServerStopping());
            }
            waiting.clear();
            for (Session s : sessions) {
                if (s != null) {
                    Job running = s.running;
                    if (running != null) {
                        running.cancel();
                    }
                    s.handoff.add(STOP);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Session s : sessions) {
            if (s != null) {
                s.awaitEnd();
            }
        }
    }

    /** A request given up by its client while it waited. */
    static final class CancellationDuringQueue extends RuntimeException {
        CancellationDuringQueue() {
            super("the client went away while the request waited");
        }
    }

    /** The server stopped before the request was answered. */
    static final class ServerStopping extends RuntimeException {
        ServerStopping() {
            super("the server is stopping");
        }
    }

    /** One answerer with its own thread. */
    private final class Session {
        final int index;
        final Answerer answerer;
        final LinkedBlockingQueue<Job> handoff = new LinkedBlockingQueue<>();
        final Thread thread;
        boolean idle = true;              // under the scheduler's lock
        long lastUsed;                    // under the scheduler's lock: when it last took a request
        volatile String lastText = "";    // the conversation its cache holds
        volatile Job running;

        Session(int index, Answerer answerer) {
            this.index = index;
            this.answerer = answerer;
            this.thread = Thread.ofPlatform().daemon().name("cairn-server-session-" + index).unstarted(this::run);
        }

        private void run() {
            try {
                for (Job job = take(); job != STOP; job = take()) {
                    running = job;
                    answer(job);
                    running = null;
                    finished(this);
                }
            } finally {
                answerer.close();
            }
        }

        /** Waits for the thread to close the answerer (closes it here if the thread never started). */
        void awaitEnd() {
            if (thread.getState() == Thread.State.NEW) {
                answerer.close();
                return;
            }
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private Job take() {
            while (true) {
                try {
                    return handoff.take();
                } catch (InterruptedException e) {
                    // Nothing interrupts a session (an interrupt during a pass could close the model's file channels): it ends by STOP.
                }
            }
        }

        private void answer(Job job) {
            metrics.prefillStart(index, job.number());
            Answer answer = null;
            Throwable failure = null;
            try {
                answer = answerer.answer(job.request().history(), job.request().settings(), job::cancelled,
                        new Answerer.AnswerListener() {
                            @Override
                            public void onPromptEvaluated() {
                                metrics.decodeStart(index, job.number());
                                job.output().prompted();
                            }

                            @Override
                            public void onText(String text) {
                                job.output().text(text);
                            }
                        });
                lastText = job.request().conversationText() + ApiRequest.conversationText(List.of(ChatMessage.assistant(answer.text())));
            } catch (RuntimeException | Error e) {
                lastText = "";
                failure = e;
            }
            // Recorded before the client hears, so the timeline has the whole request once the reply is out.
            metrics.requestEnd(index, job.number());
            if (failure == null) {
                job.answer().complete(answer);
            } else {
                job.answer().completeExceptionally(failure);
            }
        }
    }
}
