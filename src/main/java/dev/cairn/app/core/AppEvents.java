package dev.cairn.app.core;

import java.nio.file.Path;

/** The events views exchange through the {@link EventBus}. */
public final class AppEvents {

    private AppEvents() {
    }

    /** Asks the shell to show {@code view}. */
    public record ShowView(ViewId view) {
    }

    /** Asks the model wizard to load {@code file} with its remembered (or default) choices. */
    public record LoadModel(Path file) {
    }

    /** Asks the chat for a new, empty conversation. */
    public record NewChat() {
    }

    /** Asks the model wizard to load the built-in demo model ({@link DemoModel}). */
    public record LoadDemoModel() {
    }

    /** A model arrived in, or left, the models folder. */
    public record ModelsChanged() {
    }
}
