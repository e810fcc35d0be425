package dev.cairn.app.core;

/**
 * The services one app window shares: its data folder, the settings, the loaded model, the event bus,
 * the engine's threads and the background writer. Each view keeps its own files there (conversations,
 * the model library) through the data folder. A test builds a second one on the same data folder to "restart".
 */
public record AppContext(DataFolder dataFolder, SettingsStore settings, AppState state, EventBus events,
                         EngineThreads threads, BackgroundWrites writes)
        implements AutoCloseable {

    public static AppContext open(DataFolder folder) {
        EngineThreads threads = new EngineThreads();
        BackgroundWrites writes = new BackgroundWrites();
        return new AppContext(folder, new SettingsStore(folder, writes), new AppState(threads), new EventBus(), threads,
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
