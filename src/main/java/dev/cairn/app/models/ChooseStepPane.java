package dev.cairn.app.models;

import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Step 1: a file chooser, a drop zone for GGUF files and the recently loaded models. */
final class ChooseStepPane extends VBox {

    ChooseStepPane(ModelWizardViewModel model) {
        super(12);
        Button open = new Button("Open a GGUF file…");
        open.setId("wizard-open");
        open.getStyleClass().add("accent");
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Choose a model");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("GGUF models", "*.gguf"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File chosen = chooser.showOpenDialog(getScene().getWindow());
            if (chosen != null) {
                model.choose(chosen.toPath());
            }
        });
        Label dropHint = new Label("or drop a .gguf file here");
        Button demo = new Button("Try the built-in demo model");
        demo.setId("wizard-demo");
        demo.getStyleClass().add("flat");
        demo.setOnAction(e -> model.loadDemo());
        VBox dropZone = new VBox(8, open, dropHint, demo);
        dropZone.setId("wizard-drop-zone");
        dropZone.getStyleClass().add("drop-zone");
        dropZone.setAlignment(Pos.CENTER);
        dropZone.setMinHeight(160);
        setOnDragOver(this::acceptFiles);
        setOnDragDropped(e -> {
            boolean taken = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (taken) {
                model.choose(e.getDragboard().getFiles().getFirst().toPath());
            }
            e.setDropCompleted(taken);
            e.consume();
        });

        Label recentTitle = new Label("Recent models");
        recentTitle.getStyleClass().add("title-4");
        ListView<Path> recent = new ListView<>(model.recentModels());
        recent.setId("wizard-recent");
        recent.setPlaceholder(new Label("Models you load appear here."));
        recent.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Path item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.getFileName() + "  —  " + item.getParent());
            }
        });
        recent.setOnMouseClicked(e -> {
            Path selected = recent.getSelectionModel().getSelectedItem();
            if (selected != null && e.getClickCount() == 2) {
                model.choose(selected);
            }
        });
        recent.setOnKeyPressed(e -> {
            Path selected = recent.getSelectionModel().getSelectedItem();
            if (selected != null && e.getCode() == KeyCode.ENTER) {
                model.choose(selected);
            }
        });
        getChildren().addAll(dropZone, new DownloadedModelsPane(model.downloaded(), model::choose), recentTitle, recent);
    }

    private void acceptFiles(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
        }
        e.consume();
    }
}
