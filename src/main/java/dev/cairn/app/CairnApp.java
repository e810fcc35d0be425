package dev.cairn.app;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.app.core.DataFolder;
import dev.cairn.app.core.ViewId;
import dev.cairn.app.models.ModelLibrary;
import dev.cairn.app.shell.MainWindow;
import dev.cairn.app.shell.ThemeController;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The desktop app: one main window. {@code --model FILE} opens it with that model loading. */
public final class CairnApp extends Application {

    private AppContext context;

    /**
     * Starts the app and returns when its window has closed (exit code 0), or says in one line on stderr why
     * it cannot start here (exit code 1).
     */
    public static int launchDesktop(String... args) {
        String problem = DesktopCheck.problem();
        if (problem == null) {
            try {
                Application.launch(CairnApp.class, args);
                return 0;
            } catch (RuntimeException e) {
                problem = "the desktop app could not start: " + (e.getCause() != null ? e.getCause() : e).getMessage();
            }
        }
        System.err.println("error: " + problem);
        return 1;
    }

    /** The file after {@code --model} (or in {@code --model=FILE}), if any. */
    static Path modelArgument(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--model") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (arg.startsWith("--model=")) {
                return Path.of(arg.substring("--model=".length()));
            }
        }
        return null;
    }

    @Override
    public void start(Stage stage) {
        context = AppContext.open(DataFolder.resolve());
        show(stage, context);
        openFirstModel(context, modelArgument(getParameters().getRaw()));
    }

    /**
     * Loads {@code model} when one was given; on a first run (no model ever loaded), the built-in demo
     * model, so that the chat and the inspector work at once. The wizard shows the load, then the chat.
     */
    public static void openFirstModel(AppContext app, Path model) {
        if (model != null) {
            app.events().publish(new AppEvents.ShowView(ViewId.MODELS));
            app.events().publish(new AppEvents.LoadModel(model));
        } else if (new ModelLibrary(app.dataFolder().modelsFile()).recent().isEmpty()) {
            app.events().publish(new AppEvents.ShowView(ViewId.MODELS));
            app.events().publish(new AppEvents.LoadDemoModel());
        }
    }

    /** Puts a main window for {@code app} on {@code stage} (tests call this with their own context). */
    public static MainWindow show(Stage stage, AppContext app) {
        new ThemeController(app.settings().settingsProperty()).start();
        MainWindow window = new MainWindow(app);
        Scene scene = new Scene(window, 1180, 760);
        scene.getStylesheets().add(Objects.requireNonNull(CairnApp.class.getResource("cairn.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Cairn");
        stage.getIcons().add(new Image(Objects.requireNonNull(CairnApp.class.getResource("cairn-icon.png")).toExternalForm()));
        stage.show();
        return window;
    }

    @Override
    public void stop() {
        if (context != null) {
            context.close();
        }
    }
}
