package dev.cairn.app.shell;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line of the window: model, the switch that serves it, backend, residency, memory and speed. */
public final class StatusBar extends HBox {

    public StatusBar(StatusBarViewModel model, ServeSwitch serve) {
        super(10);
        getStyleClass().add("status-bar");
        setPadding(new Insets(4, 12, 4, 12));
        setAlignment(Pos.CENTER_LEFT);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        ToggleButton serving = new ToggleButton("Serve API");
        serving.setId("status-serve");
        serving.getStyleClass().add("small");
        serving.setTooltip(new Tooltip("Serve the loaded model over an OpenAI-compatible API on 127.0.0.1 (port in Settings)"));
        serving.selectedProperty().bindBidirectional(serve.onProperty());
        getChildren().addAll(field("status-model", "Loaded model", model.modelProperty()), serving,
                field("status-serve-url", "Where the model is served", serve.statusProperty()), spring,
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
