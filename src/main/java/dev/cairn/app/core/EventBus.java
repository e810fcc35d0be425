package dev.cairn.app.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A small typed event bus for views that must talk without knowing each other (the wizard asking the
 * shell to show the chat, say). Events are delivered synchronously on the publishing thread, which for
 * the app is always the FX thread.
 */
public final class EventBus {

    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    public <E> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(event -> subscriber.accept(type.cast(event)));
    }

    public void publish(Object event) {
        for (Consumer<Object> subscriber : new ArrayList<>(subscribers.getOrDefault(event.getClass(), List.of()))) {
            subscriber.accept(event);
        }
    }
}
