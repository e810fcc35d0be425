package dev.cairn.app.shell;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.app.core.ViewId;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;

/**
 * The menu bar, with the shortcuts people expect: a new chat (Ctrl+N), open a model (Ctrl+O), Quit
 * (Ctrl+Q), and a view for each of Ctrl+1 to Ctrl+4, in sidebar order. Quit closes the window, which ends
 * the app as the window's own close button does.
 */
final class AppMenu extends MenuBar {

    AppMenu(AppContext app, List<AppView> views) {
        setId("app-menu");
        Menu file = new Menu("File", null,
                item("New chat", "Shortcut+N", e -> {
                    app.events().publish(new AppEvents.ShowView(ViewId.CHATS));
                    app.events().publish(new AppEvents.NewChat());
                }),
                item("Open a model…", "Shortcut+O", e -> app.events().publish(new AppEvents.ShowView(ViewId.MODELS))),
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", e -> getScene().getWindow().hide()));
        Menu view = new Menu("View");
        for (int i = 0; i < views.size(); i++) {
            AppView shown = views.get(i);
            view.getItems().add(item(shown.title(), "Shortcut+" + (i + 1),
                    e -> app.events().publish(new AppEvents.ShowView(shown.id()))));
        }
        Menu help = new Menu("Help", null, item("About Cairn", null, e -> about()));
        getMenus().addAll(file, view, help);
    }

    private static MenuItem item(String text, String shortcut, EventHandler<ActionEvent> action) {
        MenuItem item = new MenuItem(text);
        item.setId("menu-" + text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-$", ""));
        if (shortcut != null) {
            item.setAccelerator(KeyCombination.keyCombination(shortcut));
        }
        item.setOnAction(action);
        return item;
    }

    private void about() {
        String version = AppMenu.class.getPackage().getImplementationVersion();
        Alert alert = new Alert(Alert.AlertType.INFORMATION, "Runs large language models locally from GGUF files.\n\n"
                + "The built-in demo model is stories260K from Andrej Karpathy's llama2.c (MIT licence).");
        alert.setTitle("About Cairn");
        alert.setHeaderText("Cairn " + (version == null ? "(development build)" : version));
        alert.initOwner(getScene().getWindow());
        alert.show();
    }
}
