package dev.cairn.app;

import static dev.cairn.app.AppHarness.fx;
import static dev.cairn.app.AppHarness.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.cairn.app.core.AppSettings;
import dev.cairn.app.core.DataFolder;
import dev.cairn.app.core.JsonFiles;
import dev.cairn.app.core.ThemeChoice;
import dev.cairn.runtime.Residency;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsUiTest {

    @TempDir
    Path data;

    @Test
    void themeSwitchesAtOnceAndSettingsAreKept() throws Exception {
        try (AppHarness app = AppHarness.open(data)) {
            app.click("#nav-settings");
            assertEquals(data.toAbsolutePath().toString(), ((TextField) app.find("#settings-data-folder")).getText());
            ChoiceBox<ThemeChoice> theme = app.find("#settings-theme");
            fxRun(() -> theme.setValue(ThemeChoice.DARK));
            assertEquals(new PrimerDark().getUserAgentStylesheet(), fx(Application::getUserAgentStylesheet));
            ChoiceBox<Residency> residency = app.find("#settings-residency");
            Spinner<Integer> threads = app.find("#settings-threads");
            fxRun(() -> {
                residency.setValue(Residency.STREAMING);
                threads.getValueFactory().setValue(3);
            });
            fxRun(() -> theme.setValue(ThemeChoice.LIGHT));
            assertEquals(new PrimerLight().getUserAgentStylesheet(), fx(Application::getUserAgentStylesheet));
        }
        AppSettings kept = JsonFiles.read(new DataFolder(data).settingsFile(), AppSettings.class).orElseThrow();
        assertEquals(AppSettings.defaults().withDefaults(ThemeChoice.LIGHT, 3, Residency.STREAMING, 60), kept);
    }
}
