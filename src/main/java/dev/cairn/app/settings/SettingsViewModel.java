package dev.cairn.app.settings;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppSettings;
import dev.cairn.app.core.SettingsStore;
import dev.cairn.app.core.ThemeChoice;
import dev.cairn.runtime.Residency;
import dev.cairn.server.ServerOptions;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The Settings view's fields; each change is saved at once (and the theme switches at once). */
public final class SettingsViewModel {

    private final SettingsStore store;
    private final ObjectProperty<ThemeChoice> theme = new SimpleObjectProperty<>(this, "theme");
    private final ObjectProperty<Integer> threads = new SimpleObjectProperty<>(this, "threads");
    private final ObjectProperty<Residency> residency = new SimpleObjectProperty<>(this, "residency");
    private final DoubleProperty budgetPercent = new SimpleDoubleProperty(this, "budgetPercent");
    private final ObjectProperty<Integer> serverPort = new SimpleObjectProperty<>(this, "serverPort");
    private final String dataFolder;

    public SettingsViewModel(AppContext app) {
        this.store = app.settings();
        this.dataFolder = app.dataFolder().root().toAbsolutePath().toString();
        AppSettings current = store.get();
        theme.set(current.theme());
        threads.set(current.defaultThreads());
        residency.set(current.defaultResidency());
        budgetPercent.set(current.budgetPercent());
        serverPort.set(current.serverPort());
        theme.addListener(o -> save());
        threads.addListener(o -> save());
        residency.addListener(o -> save());
        budgetPercent.addListener(o -> save());
        serverPort.addListener(o -> save());
    }

    private void save() {
        store.settingsProperty().set(store.get().withDefaults(theme.get(), threads.get() == null ? 1 : threads.get(),
                residency.get(), (int) Math.round(budgetPercent.get()))
                .withServerPort(serverPort.get() == null ? ServerOptions.DEFAULT_PORT : serverPort.get()));
    }

    public ObjectProperty<ThemeChoice> themeProperty() {
        return theme;
    }

    public ObjectProperty<Integer> threadsProperty() {
        return threads;
    }

    public ObjectProperty<Residency> residencyProperty() {
        return residency;
    }

    /** The port the status bar's Serve switch listens on (0: any free port). */
    public ObjectProperty<Integer> serverPortProperty() {
        return serverPort;
    }

    public DoubleProperty budgetPercentProperty() {
        return budgetPercent;
    }

    /** Where conversations, settings and model choices are kept. */
    public String dataFolder() {
        return dataFolder;
    }
}
