package dev.cairn.app.shell;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.app.core.ViewId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's content: the menu, the sidebar of {@link Navigation}'s views, the current view, the
 * status bar.
 */
public final class MainWindow extends BorderPane {

    private final List<AppView> views;
    private final Map<ViewId, Node> built = new HashMap<>();
    private final Map<ViewId, ToggleButton> buttons = new HashMap<>();
    private final StackPane content = new StackPane();

    public MainWindow(AppContext app) {
        this.views = Navigation.views(app);
        getStyleClass().add("main-window");
        setTop(new AppMenu(app, views));
        setLeft(sidebar());
        setCenter(content);
        setBottom(new StatusBar(new StatusBarViewModel(app), new ServeSwitch(app)));
        app.events().subscribe(AppEvents.ShowView.class, event -> show(event.view()));
        show(views.getFirst().id());
    }

    private Node sidebar() {
        VBox bar = new VBox(4);
        bar.getStyleClass().add("sidebar");
        bar.setPadding(new Insets(12, 8, 12, 8));
        Label brand = new Label("Cairn");
        brand.getStyleClass().addAll("brand", "title-3");
        bar.getChildren().add(brand);
        ToggleGroup group = new ToggleGroup();
        for (AppView view : views) {
            ToggleButton button = new ToggleButton(view.title());
            button.setId("nav-" + view.id().key());
            button.setToggleGroup(group);
            button.setMaxWidth(Double.MAX_VALUE);
            button.getStyleClass().add("nav-button");
            button.setOnAction(e -> show(view.id()));
            buttons.put(view.id(), button);
            bar.getChildren().add(button);
        }
        VBox.setVgrow(bar, Priority.ALWAYS);
        return bar;
    }

    /** Shows the view {@code id}, building it the first time. */
    public void show(ViewId id) {
        AppView view = views.stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no view " + id));
        content.getChildren().setAll(built.computeIfAbsent(id, k -> view.factory().get()));
        buttons.get(id).setSelected(true);
    }
}
