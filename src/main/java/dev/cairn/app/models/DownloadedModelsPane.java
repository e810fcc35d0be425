package dev.cairn.app.models;

import dev.cairn.download.LocalModels;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Choose step's list of downloaded models: open one with a double click, delete one after confirming. */
final class DownloadedModelsPane extends VBox {

    DownloadedModelsPane(DownloadedModels model, Consumer<Path> choose) {
        super(8);
        Label title = new Label("Downloaded models");
        title.getStyleClass().add("title-4");
        ListView<LocalModels.Entry> list = new ListView<>(model.models());
        list.setId("wizard-downloaded");
        list.setPrefHeight(150);
        list.setPlaceholder(new Label("Models downloaded in the Download tab appear here."));
        list.setCellFactory(view -> new EntryCell(model));
        list.setOnMouseClicked(e -> {
            LocalModels.Entry selected = list.getSelectionModel().getSelectedItem();
            if (selected != null && e.getClickCount() == 2) {
                choose.accept(selected.file());
            }
        });
        list.setOnKeyPressed(e -> {
            LocalModels.Entry selected = list.getSelectionModel().getSelectedItem();
            if (selected != null && e.getCode() == KeyCode.ENTER) {
                choose.accept(selected.file());
            }
        });

        Label question = new Label();
        question.textProperty().bind(Bindings.createStringBinding(() -> model.pendingDeleteProperty().get() == null ? ""
                : "Delete " + model.pendingDeleteProperty().get().file().getFileName() + " ("
                        + DownloadedModels.describe(model.pendingDeleteProperty().get()) + ")? This cannot be undone.",
                model.pendingDeleteProperty()));
        Button delete = new Button("Delete");
        delete.setId("wizard-delete-yes");
        delete.getStyleClass().add("danger");
        delete.setOnAction(e -> model.confirmDelete());
        Button keep = new Button("Keep");
        keep.setId("wizard-delete-no");
        keep.setOnAction(e -> model.keep());
        HBox confirm = new HBox(8, question, delete, keep);
        confirm.setId("wizard-delete-confirm");
        confirm.setAlignment(Pos.CENTER_LEFT);
        confirm.visibleProperty().bind(model.pendingDeleteProperty().isNotNull());
        confirm.managedProperty().bind(confirm.visibleProperty());

        Label message = new Label();
        message.setId("wizard-downloaded-message");
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(model.messageProperty());
        getChildren().addAll(title, list, confirm, message);
    }

    /** A model's name and folder, its size and last use, and Delete. */
    private static final class EntryCell extends ListCell<LocalModels.Entry> {
        private final DownloadedModels model;

        EntryCell(DownloadedModels model) {
            this.model = model;
        }

        @Override
        protected void updateItem(LocalModels.Entry item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            Label name = new Label(item.file().getFileName() + "  —  " + item.file().getParent());
            Label facts = new Label(DownloadedModels.describe(item));
            facts.getStyleClass().addAll("downloaded-facts", "text-muted");
            Button delete = new Button("Delete…");
            delete.getStyleClass().addAll("downloaded-delete", "flat");
            delete.setOnAction(e -> model.askDelete(item));
            Region spring = new Region();
            HBox.setHgrow(spring, Priority.ALWAYS);
            HBox line = new HBox(10, new VBox(2, name, facts), spring, delete);
            line.setAlignment(Pos.CENTER_LEFT);
            setGraphic(line);
        }
    }
}
