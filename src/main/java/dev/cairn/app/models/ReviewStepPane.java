package dev.cairn.app.models;

import dev.cairn.runtime.ModelSummary;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Step 2: what the file's header says about the model, or the engine's error when it cannot run it. */
final class ReviewStepPane extends VBox {

    private final ModelWizardViewModel model;

    ReviewStepPane(ModelWizardViewModel model) {
        super(12);
        this.model = model;
        model.summaryProperty().addListener(o -> refresh());
        model.errorProperty().addListener(o -> refresh());
        refresh();
    }

    private void refresh() {
        Label file = new Label(model.fileProperty().get() == null ? "" : model.fileProperty().get().toString());
        file.getStyleClass().add("text-muted");
        file.setWrapText(true);
        if (model.errorProperty().get() != null) {
            Label error = new Label(model.errorProperty().get());
            error.setId("wizard-error");
            error.getStyleClass().addAll("danger", "inline-error");
            error.setWrapText(true);
            getChildren().setAll(file, new Label("This file cannot be loaded:"), error);
            return;
        }
        ModelSummary summary = model.summaryProperty().get();
        if (summary == null) {
            getChildren().setAll(file, new ProgressIndicator());
            return;
        }
        GridPane facts = new GridPane();
        facts.setId("wizard-summary");
        facts.getStyleClass().add("facts");
        facts.setHgap(16);
        facts.setVgap(6);
        String[][] rows = {
            {"Name", summary.name()},
            {"Architecture", summary.architecture()},
            {"Parameters", summary.parametersText()},
            {"Quantization", summary.quantization()},
            {"Context length", String.format(Locale.ROOT, "%,d tokens", summary.contextLength())},
            {"File size", summary.fileSizeText()},
            {"Tokenizer", summary.tokenizer()},
            {"Chat template", summary.hasChatTemplate() ? "found in the file"
                    : "none in the file: chats continue the text as written (a built-in chat format can be chosen per chat)"},
        };
        for (int r = 0; r < rows.length; r++) {
            Label key = new Label(rows[r][0]);
            key.getStyleClass().add("text-muted");
            Label value = new Label(rows[r][1]);
            value.setWrapText(true);
            value.setId("review-" + rows[r][0].toLowerCase(Locale.ROOT).replace(' ', '-'));
            facts.addRow(r, key, value);
        }
        getChildren().setAll(file, facts);
    }
}
