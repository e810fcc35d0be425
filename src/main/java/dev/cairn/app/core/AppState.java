package dev.cairn.app.core;

import dev.cairn.runtime.LoadedModel;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * What every view may observe: the model currently loaded (the chat answers with it, the status bar and
 * the inspector watch its {@link LoadedModel#metrics()}). Changed on the FX thread only.
 */
public final class AppState {

    private final ReadOnlyObjectWrapper<LoadedModel> loadedModel = new ReadOnlyObjectWrapper<>(this, "loadedModel");
    private final EngineThreads threads;

    public AppState(EngineThreads threads) {
        this.threads = threads;
    }

    public ReadOnlyObjectProperty<LoadedModel> loadedModelProperty() {
        return loadedModel.getReadOnlyProperty();
    }

    public LoadedModel getLoadedModel() {
        return loadedModel.get();
    }

    /**
     * Makes {@code model} the loaded one. The previous model is closed on the engine thread, after any
     * answer still being generated with it: views cancel their work when the model changes.
     */
    public void replaceModel(LoadedModel model) {
        LoadedModel previous = loadedModel.get();
        loadedModel.set(model);
        if (previous != null && previous != model) {
            threads.engine().execute(previous::close);
        }
    }
}
