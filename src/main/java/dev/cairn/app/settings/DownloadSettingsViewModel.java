package dev.cairn.app.settings;

import dev.cairn.app.core.AppContext;
import dev.cairn.download.AccessToken;
import dev.cairn.download.HubSettings;
import dev.cairn.download.HubToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/**
 * Where models come from and go: the hub's URL, the models folder (saved to {@code downloads.json} as they
 * change, in the background) and the access token (saved on request, readable by its owner only; never shown again).
 */
public final class DownloadSettingsViewModel {

    private final AppContext app;
    private final Path dataRoot;
    private final StringProperty hubUrl = new SimpleStringProperty(this, "hubUrl");
    private final StringProperty modelsFolder = new SimpleStringProperty(this, "modelsFolder");
    private final ReadOnlyStringWrapper hubProblem = new ReadOnlyStringWrapper(this, "hubProblem", "");
    private final ReadOnlyStringWrapper tokenStatus = new ReadOnlyStringWrapper(this, "tokenStatus", "");
    private final String defaultModelsFolder;

    public DownloadSettingsViewModel(AppContext app) {
        this.app = app;
        this.dataRoot = app.dataFolder().root();
        HubSettings saved = HubSettings.read(dataRoot);
        this.defaultModelsFolder = HubSettings.defaults().modelsRoot(dataRoot).toAbsolutePath().toString();
        hubUrl.set(saved.hubUrl());
        modelsFolder.set(saved.modelsFolder());
        hubUrl.addListener(o -> save());
        modelsFolder.addListener(o -> save());
        showTokenStatus();
    }

    private void save() {
        String url = hubUrl.get().strip();
        try {
            if (!url.isEmpty()) {
                HubSettings.parseHub(url);
            }
            hubProblem.set("");
        } catch (IllegalArgumentException e) {
            hubProblem.set(e.getMessage());
            return;
        }
        app.writes().write(HubSettings.file(dataRoot), new HubSettings(url, modelsFolder.get()));
    }

    /** Saves {@code token} (blank: removes the saved one), off the FX thread. */
    public void saveToken(String token) {
        Optional<AccessToken> value = token == null || token.isBlank() ? Optional.empty() : Optional.of(new AccessToken(token));
        Task<Void> write = new Task<>() {
            @Override
            protected Void call() throws IOException {
                HubToken.save(dataRoot, value);
                return null;
            }
        };
        write.setOnSucceeded(e -> showTokenStatus());
        write.setOnFailed(e -> tokenStatus.set("The token could not be saved: " + write.getException().getMessage()));
        app.threads().background().execute(write);
    }

    private void showTokenStatus() {
        boolean saved;
        try {
            saved = HubToken.saved(dataRoot).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String environment = System.getenv(HubToken.ENVIRONMENT) != null
                ? " " + HubToken.ENVIRONMENT + " is set in the environment and is used instead." : "";
        tokenStatus.set((saved ? "A token is saved (only you can read it)." : "No token saved: gated and private repositories will refuse downloads.")
                + environment);
    }

    public StringProperty hubUrlProperty() {
        return hubUrl;
    }

    public StringProperty modelsFolderProperty() {
        return modelsFolder;
    }

    /** Why the hub URL is not saved, or empty. */
    public ReadOnlyStringProperty hubProblemProperty() {
        return hubProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tokenStatusProperty() {
        return tokenStatus.getReadOnlyProperty();
    }

    public String defaultHub() {
        return HubSettings.DEFAULT_HUB;
    }

    public String defaultModelsFolder() {
        return defaultModelsFolder;
    }
}
