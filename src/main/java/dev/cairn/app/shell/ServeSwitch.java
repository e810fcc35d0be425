package dev.cairn.app.shell;

import dev.cairn.app.core.AppContext;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.server.OpenAiServer;
import dev.cairn.server.ServerOptions;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The status bar's switch that serves the loaded model over OpenAI's API: on loopback only, without a
 * key, one session with the context the model was loaded for, on the port in the settings. The server
 * starts on a background thread (its KV cache is allocated between forward passes) and stops on the
 * engine thread, before a model it served is closed; a new model is served in its place.
 */
public final class ServeSwitch {

    private final AppContext app;
    private final BooleanProperty on = new SimpleBooleanProperty(this, "on");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private OpenAiServer server; // FX thread
    private long generation;     // FX thread: which start a finished start belongs to

    public ServeSwitch(AppContext app) {
        this.app = app;
        on.addListener((obs, old, now) -> {
            stop();
            if (now) {
                start();
            }
        });
        app.state().loadedModelProperty().addListener((obs, old, now) -> {
            stop();
            if (on.get()) {
                start();
            }
        });
    }

    private void start() {
        LoadedModel model = app.state().getLoadedModel();
        if (model == null) {
            status.set("Load a model to serve it");
            return;
        }
        long mine = ++generation;
        int port = app.settings().get().serverPort();
        status.set("Starting…");
        app.threads().background().execute(() -> {
            OpenAiServer started;
            try {
                started = OpenAiServer.start(model, model.plan().context(), ServerOptions.loopback(port));
            } catch (Exception e) {
                Platform.runLater(() -> {
                    if (mine == generation) {
                        status.set("Cannot serve: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                        on.set(false);
                    }
                });
                return;
            }
            Platform.runLater(() -> {
                if (mine == generation && on.get() && app.state().getLoadedModel() == model) {
                    server = started;
                    status.set("Serving at " + started.baseUri());
                } else {
                    app.threads().engine().execute(started::close);
                }
            });
        });
    }

    private void stop() {
        generation++;
        OpenAiServer running = server;
        server = null;
        status.set("");
        if (running != null) {
            app.threads().engine().execute(running::close);
        }
    }

    public BooleanProperty onProperty() {
        return on;
    }

    /** Where it serves, why it cannot, or empty when off. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
