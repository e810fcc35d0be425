package dev.cairn.app.models;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.download.HubSettings;
import dev.cairn.download.LocalModels;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.LoadedModel;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The models in the models folder for the Choose step: size and last use, most recently used first, and
 * deleting one after a confirmation. A model loaded from the folder is noted as used.
 */
public final class DownloadedModels {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final AppContext app;
    private final ObservableList<LocalModels.Entry> models = FXCollections.observableArrayList();
    private final ObjectProperty<LocalModels.Entry> pendingDelete = new SimpleObjectProperty<>(this, "pendingDelete");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    DownloadedModels(AppContext app) {
        this.app = app;
        app.events().subscribe(AppEvents.ModelsChanged.class, changed -> refresh());
        app.state().loadedModelProperty().addListener((obs, old, now) -> markUsed(now));
        refresh();
    }

    private LocalModels folder() {
        Path dataRoot = app.dataFolder().root();
        return LocalModels.of(dataRoot, HubSettings.read(dataRoot));
    }

    /** Reads the models folder again. */
    public void refresh() {
        background(() -> folder().list().stream().filter(e -> !e.unfinished()).sorted(LocalModels.byLastUse()).toList(),
                models::setAll);
    }

    private void markUsed(LoadedModel loaded) {
        if (loaded == null || loaded.file().path() == null) {
            return;
        }
        Path file = loaded.file().path().toAbsolutePath().normalize();
        background(() -> {
            LocalModels folder = folder();
            if (file.startsWith(folder.root())) {
                folder.markUsed(file, Instant.now());
            }
            return null;
        }, done -> refresh());
    }

    /** Asks to delete {@code model}; {@link #confirmDelete()} does it. */
    public void askDelete(LocalModels.Entry model) {
        pendingDelete.set(model);
    }

    public void confirmDelete() {
        LocalModels.Entry model = pendingDelete.get();
        pendingDelete.set(null);
        if (model == null) {
            return;
        }
        background(() -> {
            folder().delete(model.file());
            return null;
        }, done -> {
            message.set("Deleted " + model.file().getFileName() + " (" + Bytes.format(model.bytes()) + ").");
            refresh();
        });
    }

    public void keep() {
        pendingDelete.set(null);
    }

    /** "1.13 MiB · last used 2026-01-02 03:04" */
    public static String describe(LocalModels.Entry model) {
        return Bytes.format(model.bytes()) + " · " + model.lastUsed().map(t -> "last used " + WHEN.format(t.atZone(ZoneId.systemDefault())))
                .orElse("never loaded");
    }

    private <T> void background(Callable<T> work, Consumer<T> then) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> then.accept(task.getValue()));
        task.setOnFailed(e -> message.set(ModelWizardViewModel.describe(task.getException())));
        app.threads().background().execute(task);
    }

    public ObservableList<LocalModels.Entry> models() {
        return models;
    }

    public ObjectProperty<LocalModels.Entry> pendingDeleteProperty() {
        return pendingDelete;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
