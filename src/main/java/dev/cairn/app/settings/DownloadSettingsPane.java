package dev.cairn.app.settings;

import java.io.File;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** The Downloads section of Settings: hub URL, models folder and access token. */
public final class DownloadSettingsPane extends VBox {

    public DownloadSettingsPane(DownloadSettingsViewModel model) {
        super(10);
        setId("settings-downloads");
        setPadding(new Insets(0, 24, 16, 24));
        Label title = new Label("Downloads");
        title.getStyleClass().add("title-3");

        TextField hub = new TextField();
        hub.setId("settings-hub-url");
        hub.setPromptText(model.defaultHub() + " (or HF_ENDPOINT)");
        hub.setPrefColumnCount(40);
        hub.textProperty().bindBidirectional(model.hubUrlProperty());
        Label hubProblem = new Label();
        hubProblem.setId("settings-hub-problem");
        hubProblem.getStyleClass().add("inline-error");
        hubProblem.textProperty().bind(model.hubProblemProperty());

        TextField folder = new TextField();
        folder.setId("settings-models-folder");
        folder.setPromptText(model.defaultModelsFolder());
        folder.setPrefColumnCount(40);
        folder.textProperty().bindBidirectional(model.modelsFolderProperty());
        Button browse = new Button("Choose…");
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Models folder");
            File chosen = chooser.showDialog(getScene().getWindow());
            if (chosen != null) {
                model.modelsFolderProperty().set(chosen.getAbsolutePath());
            }
        });

        PasswordField token = new PasswordField();
        token.setId("settings-token");
        token.setPromptText("hf_… (for gated and private repositories)");
        token.setPrefColumnCount(30);
        Button save = new Button("Save token");
        save.setId("settings-token-save");
        save.setOnAction(e -> {
            model.saveToken(token.getText());
            token.clear();
        });
        Button remove = new Button("Remove");
        remove.setId("settings-token-remove");
        remove.setOnAction(e -> model.saveToken(""));
        Label status = new Label();
        status.setId("settings-token-status");
        status.getStyleClass().add("text-muted");
        status.setWrapText(true);
        status.textProperty().bind(model.tokenStatusProperty());

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(10);
        grid.addRow(0, new Label("Hub URL"), new VBox(4, hub, hubProblem));
        grid.addRow(1, new Label("Models folder"), new HBox(8, folder, browse));
        grid.addRow(2, new Label("Access token"), new VBox(4, new HBox(8, token, save, remove), status));
        getChildren().addAll(title, grid);
    }
}
