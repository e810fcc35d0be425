package dev.cairn.app.shell;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.settings.DownloadSettingsPane;
import dev.cairn.app.settings.DownloadSettingsViewModel;
import dev.cairn.app.settings.SettingsView;
import dev.cairn.app.settings.SettingsViewModel;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/** The Settings view and the Downloads section below it, scrolling when the window is short. */
public final class SettingsArea extends ScrollPane {

    public SettingsArea(AppContext app) {
        super(new VBox(new SettingsView(new SettingsViewModel(app)), new DownloadSettingsPane(new DownloadSettingsViewModel(app))));
        setFitToWidth(true);
        getStyleClass().add("edge-to-edge");
    }
}
