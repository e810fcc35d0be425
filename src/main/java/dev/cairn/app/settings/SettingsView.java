package dev.cairn.app.settings;

import dev.cairn.app.core.DataFolder;
import dev.cairn.app.core.ResidencyConverter;
import dev.cairn.app.core.ThemeChoice;
import dev.cairn.runtime.Residency;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Theme, the defaults a new model's plan starts from, and where the app keeps its data. */
public final class SettingsView extends VBox {

    public SettingsView(SettingsViewModel model) {
        super(16);
        setId("settings-view");
        setPadding(new Insets(16, 24, 16, 24));
        Label title = new Label("Settings");
        title.getStyleClass().add("title-2");

        ChoiceBox<ThemeChoice> theme = new ChoiceBox<>();
        theme.getItems().addAll(ThemeChoice.values());
        theme.setId("settings-theme");
        theme.valueProperty().bindBidirectional(model.themeProperty());

        SpinnerValueFactory.IntegerSpinnerValueFactory threadValues = new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 256);
        threadValues.valueProperty().bindBidirectional(model.threadsProperty());
        Spinner<Integer> threads = new Spinner<>(threadValues);
        threads.setId("settings-threads");
        threads.setEditable(true);

        ChoiceBox<Residency> residency = new ChoiceBox<>();
        residency.getItems().addAll(Residency.AUTO, Residency.RESIDENT, Residency.STREAMING);
        residency.setId("settings-residency");
        residency.setConverter(new ResidencyConverter());
        residency.valueProperty().bindBidirectional(model.residencyProperty());

        Slider budget = new Slider(5, 100, 60);
        budget.setMajorTickUnit(5);
        budget.setSnapToTicks(true);
        budget.setPrefWidth(260);
        budget.valueProperty().bindBidirectional(model.budgetPercentProperty());
        Label budgetText = new Label();
        budgetText.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.0f%% of RAM", model.budgetPercentProperty().get()), model.budgetPercentProperty()));

        SpinnerValueFactory.IntegerSpinnerValueFactory portValues = new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 65535);
        portValues.valueProperty().bindBidirectional(model.serverPortProperty());
        Spinner<Integer> port = new Spinner<>(portValues);
        port.setId("settings-server-port");
        port.setEditable(true);
        Label portHint = new Label("The status bar's Serve API switch listens on 127.0.0.1 at this port (0: any free one).");
        portHint.getStyleClass().add("text-muted");

        TextField folder = new TextField(model.dataFolder());
        folder.setId("settings-data-folder");
        folder.setEditable(false);
        folder.setPrefColumnCount(40);
        Label folderHint = new Label("Set -D" + DataFolder.PROPERTY + "=DIR or XDG_DATA_HOME to keep the data elsewhere.");
        folderHint.getStyleClass().add("text-muted");

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(10);
        grid.addRow(0, new Label("Theme"), theme);
        grid.addRow(1, new Label("Default threads"), threads);
        grid.addRow(2, new Label("Default residency"), residency);
        grid.addRow(3, new Label("Default memory budget"), new HBox(10, budget, budgetText));
        grid.addRow(4, new Label("Server port"), new VBox(4, port, portHint));
        grid.addRow(5, new Label("Data folder"), new VBox(4, folder, folderHint));
        getChildren().addAll(title, grid);
    }
}
