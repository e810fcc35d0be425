package dev.cairn.app;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.app.chat.ChatView;
import dev.cairn.app.chat.ChatViewModel;
import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.DataFolder;
import dev.cairn.app.models.ModelChoices;
import dev.cairn.app.models.ModelLibrary;
import dev.cairn.app.shell.MainWindow;
import dev.cairn.runtime.Residency;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.OnFx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One app window on JavaFX's headless platform, with its own data folder: what a user would get from
 * {@code ./cairn}. Opening a second one on the same folder is a restart.
 */
final class AppHarness implements AutoCloseable {

    final AppContext context;
    final Stage stage;
    final MainWindow window;
    final FxRobot robot = new FxRobot();

    private AppHarness(AppContext context, Stage stage, MainWindow window) {
        this.context = context;
        this.stage = stage;
        this.window = window;
    }

    static AppHarness open(Path dataFolder) throws Exception {
        FxToolkit.registerPrimaryStage();
        AppContext context = AppContext.open(new DataFolder(dataFolder));
        Stage stage = FxToolkit.registerStage(Stage::new);
        MainWindow window = fx(() -> CairnApp.show(stage, context));
        return new AppHarness(context, stage, window);
    }

    /**
     * A window with {@code model} loaded as {@code ./cairn --model} loads it, with {@code choices} as the
     * choices remembered for it; returns once the chat shows.
     */
    static AppHarness openWithModel(Path dataFolder, Path model, ModelChoices choices) throws Exception {
        new ModelLibrary(new DataFolder(dataFolder).modelsFile()).remember(model, choices);
        AppHarness app = open(dataFolder);
        fxRun(() -> CairnApp.openFirstModel(app.context, model));
        waitUntil("the model to load", Duration.ofSeconds(60), () -> app.context.state().getLoadedModel() != null
                && app.stage.getScene().getRoot().lookup("#chat-view") != null);
        return app;
    }

    /**
     * A window with stories260K loaded on one compute thread, which leaves the second core to the FX thread
     * (and the CI machine has two).
     */
    static AppHarness openWithStories(Path dataFolder) throws Exception {
        return openWithModel(dataFolder, Fixtures.model("stories260K.gguf"), new ModelChoices("CPU", Residency.AUTO, 60, 2, 1, 4096));
    }

    /** The chat view's model (looked up on the FX thread). */
    ChatViewModel chat() {
        return fx(() -> ((ChatView) find("#chat-view")).model());
    }

    /** Runs {@code action} on the FX thread and returns its result (see {@link OnFx}). */
    static <T> T fx(Callable<T> action) {
        return OnFx.call(action);
    }

    static void fxRun(Runnable action) {
        OnFx.run(action);
    }

    /** The node matching the CSS {@code selector} in this window (looked up on the FX thread). */
    @SuppressWarnings("unchecked")
    <T extends Node> T find(String selector) {
        Node node = fx(() -> stage.getScene().getRoot().lookup(selector));
        if (node == null) {
            fail("nothing matches " + selector);
        }
        return (T) node;
    }

    void click(String selector) {
        robot.clickOn((Node) find(selector));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until {@code condition} (checked on the FX thread) holds. */
    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!fx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws Exception {
        fxRun(stage::close);
        context.close();
    }
}
