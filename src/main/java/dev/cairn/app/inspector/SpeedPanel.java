package dev.cairn.app.inspector;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/** "Why this speed": what bounds decoding, each limit in seconds per token, and what would change it. */
final class SpeedPanel extends TitledPane {

    SpeedPanel(SpeedViewModel viewModel) {
        Button explain = new Button("Explain the speed");
        explain.setId("speed-explain");
        explain.disableProperty().bind(viewModel.explainingProperty());
        explain.setOnAction(e -> viewModel.explain());
        Label bound = new Label();
        bound.setId("speed-bound");
        bound.getStyleClass().add("title-4");
        bound.textProperty().bind(viewModel.explanationProperty().map(why -> "Bound by " + why.bound().label())
                .orElse(""));
        Label details = new Label();
        details.setId("speed-details");
        details.setWrapText(true);
        details.textProperty().bind(viewModel.textProperty());
        VBox content = new VBox(6, explain, bound, details);
        content.setPadding(new Insets(6));
        setText("Why this speed");
        setContent(content);
        setExpanded(true);
    }
}
