package dev.cairn.app;

import static dev.cairn.app.AppHarness.fx;
import static dev.cairn.app.AppHarness.fxRun;
import static dev.cairn.app.AppHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.app.chat.ChatEntry;
import dev.cairn.app.chat.ChatView;
import dev.cairn.app.core.DataFolder;
import dev.cairn.app.core.DemoModel;
import dev.cairn.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cairn} on a fresh machine: the built-in demo model loads by itself, so the first run can chat
 * and watch the inspector at once, and the chat points to where real models come from.
 */
class FirstRunUiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private static boolean chatShown(AppHarness app) {
        return app.stage.getScene().getRoot().lookup("#chat-view") != null;
    }

    @Test
    void aFirstRunChatsWithTheBuiltInDemoModelAndTheInspectorWatchesIt() throws Exception {
        try (AppHarness app = AppHarness.open(data)) {
            fxRun(() -> CairnApp.openFirstModel(app.context, null));
            waitUntil("the demo model to load", WAIT, () -> app.context.state().getLoadedModel() != null && chatShown(app));
            Path demo = DemoModel.location(new DataFolder(data));
            assertEquals(demo, app.context.state().getLoadedModel().file().path());
            assertEquals(-1, Files.mismatch(Fixtures.model("stories260K.gguf"), demo), "the demo is stories260K.gguf, copied out of the app");
            String greeting = ((Label) app.find("#chat-greeting")).getText();
            assertTrue(greeting.startsWith("Chatting with the built-in demo model, stories260K.gguf"), greeting);
            Button realModels = app.find("#chat-load-model");
            assertTrue(fx(realModels::isVisible) && fx(realModels::getText).equals("Get a real model…"));

            app.click("#chat-input");
            app.robot.write("Once upon a time");
            app.click("#chat-send");
            ChatView chat = app.find("#chat-view");
            waitUntil("the answer", WAIT, () -> !chat.model().generatingProperty().get() && chat.model().entries().size() == 2
                    && chat.model().entries().getLast().statsProperty().get() != null);
            ChatEntry answer = fx(() -> chat.model().entries().getLast());
            assertTrue(fx(() -> answer.statsProperty().get().tokens()) > 0, "the demo model wrote an answer");

            app.click("#nav-inspector");
            List<String> counters = fx(() -> app.stage.getScene().getRoot().lookupAll(".inspector .label").stream()
                    .map(n -> ((Label) n).getText()).toList());
            assertTrue(counters.stream().anyMatch(t -> t.matches("TTFT \\d+ ms")), "the inspector saw the answer: " + counters);

            app.click("#nav-chats");
            app.click("#chat-load-model");
            assertTrue(fx(() -> app.stage.getScene().getRoot().lookup("#model-wizard") != null), "real models: the models view");
        }
    }

    @Test
    void laterRunsDoNotLoadTheDemoButTheWizardOffersIt() throws Exception {
        try (AppHarness app = AppHarness.open(data)) {
            fxRun(() -> CairnApp.openFirstModel(app.context, null));
            waitUntil("the demo model to load", WAIT, () -> app.context.state().getLoadedModel() != null && chatShown(app));
        }
        try (AppHarness app = AppHarness.open(data)) {
            fxRun(() -> CairnApp.openFirstModel(app.context, null));
            assertNull(fx(() -> app.context.state().getLoadedModel()), "a model was loaded before: no demo this time");
            app.click("#nav-models");
            Node demo = app.find("#wizard-demo");
            app.robot.clickOn(demo);
            waitUntil("the demo model to load", WAIT, () -> app.context.state().getLoadedModel() != null && chatShown(app));
            assertEquals(DemoModel.location(new DataFolder(data)), app.context.state().getLoadedModel().file().path());
        }
    }
}
