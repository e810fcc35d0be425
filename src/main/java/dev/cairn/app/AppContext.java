package dev.cairn.app;

import dev.cairn.app.chat.ConversationStore;
import dev.cairn.app.models.ModelLibrary;
import dev.cairn.app.settings.SettingsStore;

/**
 * The services one app window shares: its data folder and what is stored there, the loaded model, the
 * event bus and the engine's threads. A test builds a second one on the same data folder to "restart".
 */
public record AppContext(DataFolder dataFolder, SettingsStore settings, ModelLibrary models,
                         ConversationStore conversations, AppState state, EventBus events, EngineThreads threads,
                         BackgroundWrites writes)
        implements AutoCloseable {

    public static AppContext open(DataFolder folder) {
        EngineThreads threads = new EngineThreads();
        BackgroundWrites writes = new BackgroundWrites();
        return new AppContext(folder, new SettingsStore(folder, writes), new ModelLibrary(folder.modelsFile()),
                new ConversationStore(folder.conversations(), writes), new AppState(threads), new EventBus(), threads,
                writes);
    }

    /**
     * Closes the loaded model (after any answer in progress), stops the engine's threads, and finishes
     * writing the app's files.
     */
    @Override
    public void close() {
        state.replaceModel(null);
        threads.close();
        writes.close();
    }
}
