package dev.cairn.app;

import java.nio.file.Path;

/** The events views exchange through the {@link EventBus}. */
public final class AppEvents {

    private AppEvents() {
    }

    /** Asks the shell to show the view registered under {@code viewId}. */
    public record ShowView(String viewId) {
    }

    /** Asks the model wizard to load {@code file} with its remembered (or default) choices. */
    public record LoadModel(Path file) {
    }
}
