package dev.cairn.app.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.cairn.app.core.AppSettings;
import dev.cairn.app.core.ThemeChoice;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;

/**
 * Applies AtlantaFX's Primer theme, light or dark: as the settings say, or following the desktop's color
 * scheme (JavaFX reports changes to it, so the app switches when the desktop does).
 */
public final class ThemeController {

    private final ObservableValue<AppSettings> settings;

    public ThemeController(ObservableValue<AppSettings> settings) {
        this.settings = settings;
    }

    public void start() {
        settings.addListener((obs, old, now) -> apply());
        Platform.getPreferences().colorSchemeProperty().addListener((obs, old, now) -> apply());
        apply();
    }

    public boolean isDark() {
        ThemeChoice choice = settings.getValue().theme();
        return choice == ThemeChoice.DARK
                || choice == ThemeChoice.SYSTEM && Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
    }

    private void apply() {
        Application.setUserAgentStylesheet(isDark() ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
