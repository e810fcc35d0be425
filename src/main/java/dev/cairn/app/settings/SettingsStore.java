package dev.cairn.app.settings;

import dev.cairn.app.DataFolder;
import dev.cairn.app.JsonFiles;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The current {@link AppSettings} as a property; every change is written to the data folder. */
public final class SettingsStore {

    private final ObjectProperty<AppSettings> settings;

    public SettingsStore(DataFolder folder) {
        settings = new SimpleObjectProperty<>(this, "settings",
                JsonFiles.read(folder.settingsFile(), AppSettings.class).orElseGet(AppSettings::defaults));
        settings.addListener((obs, old, now) -> JsonFiles.write(folder.settingsFile(), now));
    }

    public ObjectProperty<AppSettings> settingsProperty() {
        return settings;
    }

    public AppSettings get() {
        return settings.get();
    }
}
