package dev.cairn.app.models;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;

/** Step 4: the load's progress, with Cancel; a failure shows the engine's message. */
final class LoadStepPane extends VBox {

    LoadStepPane(ModelWizardViewModel model) {
        super(12);
        ProgressBar progress = new ProgressBar(0);
        progress.setId("load-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        Label message = new Label();
        message.setId("load-message");
        message.setWrapText(true);
        Button cancel = new Button("Cancel");
        cancel.setId("load-cancel");
        cancel.setOnAction(e -> model.cancelLoad());
        model.loadingProperty().addListener((obs, old, task) -> {
            progress.progressProperty().unbind();
            message.textProperty().unbind();
            message.getStyleClass().remove("danger");
            if (task == null) {
                return;
            }
            progress.progressProperty().bind(task.progressProperty());
            message.textProperty().bind(task.messageProperty());
            cancel.disableProperty().bind(task.runningProperty().not());
            task.setOnFailed(e -> {
                message.textProperty().unbind();
                message.setText("Loading failed: " + ModelWizardViewModel.describe(task.getException()));
                message.getStyleClass().add("danger");
            });
        });
        getChildren().addAll(progress, message, cancel);
    }
}
