package dev.cairn.app.core;

import dev.cairn.app.core.BackgroundWrites;
import dev.cairn.app.core.DataFolder;
import dev.cairn.app.core.JsonFiles;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The current {@link AppSettings} as a property; every change is written to the data folder in the background. */
public final class SettingsStore {

    private final ObjectProperty<AppSettings> settings;

    public SettingsStore(DataFolder folder, BackgroundWrites writes) {
        settings = new SimpleObjectProperty<>(this, "settings",
                JsonFiles.read(folder.settingsFile(), AppSettings.class).orElseGet(AppSettings::defaults));
        settings.addListener((obs, old, now) -> writes.write(folder.settingsFile(), now));
    }

    public ObjectProperty<AppSettings> settingsProperty() {
        return settings;
    }

    public AppSettings get() {
        return settings.get();
    }
}
