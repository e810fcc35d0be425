package dev.cairn.gpu;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What a GPU object's constructor created, undone in reverse order: by the object's close, or at once
 * when a later step of the constructor fails, so a failed construction leaks nothing.
 */
public final class Teardown implements AutoCloseable {

    private final Deque<Runnable> steps = new ArrayDeque<>();

    /** Remembers to run {@code undo} on {@code created}, and returns it. */
    public <T> T add(T created, Consumer<T> undo) {
        steps.push(() -> undo.accept(created));
        return created;
    }

    /** Remembers to run {@code undo}. */
    public void add(Runnable undo) {
        steps.push(undo);
    }

    /** Runs every undo step, newest first; a second call has nothing left to do. */
    @Override
    public void close() {
        while (!steps.isEmpty()) {
            steps.pop().run();
        }
    }
}
