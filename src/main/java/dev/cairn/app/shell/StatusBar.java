package dev.cairn.app.shell;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line of the window: model, backend, residency, memory and speed. */
public final class StatusBar extends HBox {

    public StatusBar(StatusBarViewModel model) {
        super(10);
        getStyleClass().add("status-bar");
        setPadding(new Insets(4, 12, 4, 12));
        setAlignment(Pos.CENTER_LEFT);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        getChildren().addAll(field("status-model", "Loaded model", model.modelProperty()), spring,
                field("status-backend", "Backend", model.backendProperty()), separator(),
                field("status-residency", "Residency", model.residencyProperty()), separator(),
                field("status-memory", "Memory in use (weights, KV cache, scratch) of the budget", model.memoryProperty()),
                separator(), field("status-speed", "Tokens per second", model.speedProperty()));
    }

    private static Label field(String id, String tip, ReadOnlyStringProperty text) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(text);
        label.setTooltip(new Tooltip(tip));
        label.getStyleClass().add("text-small");
        return label;
    }

    private static Separator separator() {
        return new Separator(Orientation.VERTICAL);
    }
}
