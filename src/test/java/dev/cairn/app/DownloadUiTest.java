package dev.cairn.app;

import static dev.cairn.app.AppHarness.fx;
import static dev.cairn.app.AppHarness.fxRun;
import static dev.cairn.app.AppHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.download.HubSettings;
import dev.cairn.download.HubToken;
import dev.cairn.download.LocalModels;
import dev.cairn.runtime.Bytes;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.HubTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Download view against a Hub on loopback: search, a repository's models with their fit, a download's
 * progress, Cancel, a download to its end and Load; unfinished downloads after a restart; the models
 * folder in the wizard; the Downloads settings.
 */
class DownloadUiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REPO = "cairn-test/stories-GGUF";
    private static final String MODEL = "stories260K-F32.gguf";

    @TempDir
    Path data;

    HubTestServer hub;
    byte[] model;

    @BeforeEach
    void start() throws Exception {
        hub = HubTestServer.start();
        model = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        hub.file(REPO, MODEL, model);
        hub.file(REPO, "stories-huge-Q4_K_M.gguf", new HubTestServer.Hosted(new byte[10], HubTestServer.sha256(new byte[10]), 1L << 60));
        hub.file(REPO, "stories260K-IQ2_XXS.gguf", Arrays.copyOf(model, 1000));
        hub.searchResult(REPO, 1234, 5, "2025-05-06T07:08:09.000Z", false);
        new ObjectMapper().writeValue(HubSettings.file(data).toFile(), new HubSettings(hub.uri().toString(), ""));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private static void showDownloads(AppHarness app) {
        app.click("#nav-models");
        app.click("#models-tab-download");
    }

    /** The file row of the open repository whose name is {@code name}. */
    private static Parent fileRow(AppHarness app, String name) {
        return fx(() -> app.stage.getScene().getRoot().lookupAll(".download-file").stream()
                .map(Parent.class::cast)
                .filter(row -> ((Label) row.lookup(".file-name")).getText().equals(name)).findFirst().orElse(null));
    }

    private static String text(Parent parent, String selector) {
        return fx(() -> ((Label) parent.lookup(selector)).getText());
    }

    private static int queueRows(AppHarness app) {
        return fx(() -> app.stage.getScene().getRoot().lookupAll(".download-item").size());
    }

    /** The one row of the download queue, once it is there. */
    private static Parent onlyQueueRow(AppHarness app) {
        waitUntil("one download in the queue", WAIT, () -> queueRows(app) == 1);
        return fx(() -> (Parent) app.stage.getScene().getRoot().lookup(".download-item"));
    }

    private static void click(AppHarness app, Parent parent, String selector) {
        Button button = fx(() -> (Button) parent.lookup(selector));
        assertTrue(fx(button::isVisible), selector + " is showing");
        app.robot.clickOn(button);
    }

    @Test
    void searchShowsTheFitOfEachFileAndADownloadShowsProgressCancelsFinishesAndLoads() throws Exception {
        Path target = data.resolve("models").resolve(REPO).resolve(MODEL);
        try (AppHarness app = AppHarness.open(data)) {
            showDownloads(app);
            app.robot.clickOn((Node) app.find("#download-query")).write("stories");
            app.click("#download-search");
            ListView<?> results = app.find("#download-results");
            waitUntil("the search results", WAIT, () -> results.getItems().size() == 1);
            assertTrue(hub.searchQueries.getFirst().contains("search=stories"), hub.searchQueries.toString());
            waitUntil("the result's cell", WAIT, () -> results.lookup(".list-cell:filled") != null);
            app.robot.clickOn(fx(() -> results.lookup(".list-cell:filled")), MouseButton.PRIMARY);
            waitUntil("the repository's models", WAIT, () -> fileRow(app, MODEL) != null);

            // The fit check, beside each file, before any of it is fetched.
            assertEquals("fits in memory", text(fileRow(app, MODEL), ".fit-label"));
            assertEquals("does not fit the disk", text(fileRow(app, "stories-huge-Q4_K_M.gguf"), ".fit-label"));
            assertEquals("cannot run here", text(fileRow(app, "stories260K-IQ2_XXS.gguf"), ".fit-label"));
            assertTrue(fx(() -> fileRow(app, "stories-huge-Q4_K_M.gguf").lookup(".file-download").isDisabled()));
            assertTrue(fx(() -> fileRow(app, "stories260K-IQ2_XXS.gguf").lookup(".file-download").isDisabled()));

            // Progress from a server that stalls after 200,000 bytes, then Cancel.
            hub.stallAfter = 200_000;
            click(app, fileRow(app, MODEL), ".file-download");
            Parent row = onlyQueueRow(app);
            waitUntil("the first bytes", WAIT, () -> text(row, ".item-progress-text").startsWith(Bytes.format(200_000) + " of "
                    + Bytes.format(model.length)));
            assertEquals("running", text(row, ".item-state"));
            waitUntil("the header", WAIT, () -> text(row, ".item-header").startsWith("llama, "));
            assertTrue(text(row, ".item-fit").startsWith("fits in memory: All "), text(row, ".item-fit"));
            Screenshots.take(app.stage.getScene(), "download");
            click(app, row, ".item-cancel");
            waitUntil("the cancel", WAIT, () -> text(row, ".item-state").equals("cancelled"));
            assertFalse(Files.exists(target.resolveSibling(MODEL + ".part")), "a cancelled download keeps nothing");
            app.click("#download-clear");
            assertEquals(0, queueRows(app));

            // The whole file this time, then Load.
            hub.stallAfter = -1;
            hub.releaseStall();
            click(app, fileRow(app, MODEL), ".file-download");
            Parent done = onlyQueueRow(app);
            waitUntil("the download to finish", WAIT, () -> text(done, ".item-state").equals("done"));
            assertArrayEquals(model, Files.readAllBytes(target));
            click(app, done, ".item-load");
            waitUntil("the model to load", WAIT, () -> app.context.state().getLoadedModel() != null);
            assertEquals(target, app.context.state().getLoadedModel().file().path());
            waitUntil("the chat to show", WAIT, () -> app.stage.getScene().getRoot().lookup("#chat-view") != null);

            // Its use is noted for the wizard's list of downloaded models.
            LocalModels folder = LocalModels.of(data, HubSettings.read(data));
            waitUntil("its last use", WAIT, () -> {
                try {
                    return folder.list().getFirst().lastUsed().isPresent();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void aDownloadLeftUnfinishedByARestartIsListedPausedAndResumes() throws Exception {
        hub.dropAfter = 300_000;
        hub.drops.set(1);
        CliRun.pull(hub.uri() + "/" + REPO + "/resolve/main/" + MODEL, data); // stops at the killed connection, keeping the part
        Path target = data.resolve("models").resolve(REPO).resolve(MODEL);
        long kept = LocalModels.arrived(target);
        assertTrue(kept > 0, "a part was left");
        try (AppHarness app = AppHarness.open(data)) {
            showDownloads(app);
            Parent row = onlyQueueRow(app);
            assertEquals("paused", text(row, ".item-state"));
            click(app, row, ".item-resume");
            waitUntil("the download to finish", WAIT, () -> text(row, ".item-state").equals("done"));
            assertArrayEquals(model, Files.readAllBytes(target));
            assertTrue(hub.requests.getLast().endsWith("bytes=" + kept + "-"), hub.requests.toString());
        }
    }

    @Test
    void theWizardDeletesADownloadedModelAfterAskingAndSettingsKeepTheHubAndToken() throws Exception {
        Path downloaded = data.resolve("models/owner/repo/old-Q8_0.gguf");
        Files.createDirectories(downloaded.getParent());
        Files.write(downloaded, model);
        try (AppHarness app = AppHarness.open(data)) {
            app.click("#nav-models");
            ListView<LocalModels.Entry> list = app.find("#wizard-downloaded");
            waitUntil("the downloaded model", WAIT, () -> list.getItems().size() == 1 && list.lookup(".downloaded-delete") != null);
            assertEquals(Bytes.format(model.length) + " · never loaded", fx(() -> ((Label) list.lookup(".downloaded-facts")).getText()));
            app.robot.clickOn(fx(() -> list.lookup(".downloaded-delete")));
            assertTrue(fx(() -> app.find("#wizard-delete-confirm").isVisible()));
            app.click("#wizard-delete-yes");
            waitUntil("the deletion", WAIT, () -> list.getItems().isEmpty());
            assertFalse(Files.exists(downloaded));

            app.click("#nav-settings");
            TextField hubUrl = app.find("#settings-hub-url");
            assertEquals(hub.uri().toString(), fx(hubUrl::getText));
            fxRun(() -> hubUrl.setText("ftp://mirror"));
            assertEquals("the hub URL must be http:// or https://, not 'ftp://mirror'", ((Label) app.find("#settings-hub-problem")).getText());
            fxRun(() -> hubUrl.setText("https://hf-mirror.example"));
            PasswordField token = app.find("#settings-token");
            fxRun(() -> token.setText("hf_uiSecret42"));
            app.click("#settings-token-save");
            Label status = app.find("#settings-token-status");
            waitUntil("the token to be saved", WAIT, () -> status.getText().startsWith("A token is saved"));
            assertEquals("", fx(token::getText), "the token is not shown once saved");
            app.context.writes().flush();
            assertEquals("https://hf-mirror.example", HubSettings.read(data).hubUrl());
            assertEquals("hf_uiSecret42", HubToken.saved(data).orElseThrow().secret());
        }
    }

    /** The command line, run in this JVM, for a download the app finds unfinished. */
    static final class CliRun {
        static void pull(String url, Path dataRoot) {
            String previous = System.getProperty("cairn.data.dir");
            System.setProperty("cairn.data.dir", dataRoot.toString());
            try {
                dev.cairn.cli.CairnCommand.run("pull", url, "--retries", "0");
            } finally {
                if (previous == null) {
                    System.clearProperty("cairn.data.dir");
                } else {
                    System.setProperty("cairn.data.dir", previous);
                }
            }
        }
    }
}
