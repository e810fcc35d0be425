package dev.cairn.app.chat;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/** The selected chat's system prompt, sampling preset and settings, answer length and prompt style. */
final class ChatSettingsPane extends VBox {

    ChatSettingsPane(ChatViewModel model) {
        super(6);
        getStyleClass().add("chat-settings");
        setPrefWidth(250);
        setMinWidth(220);

        TextArea system = new TextArea();
        system.setId("chat-system-prompt");
        system.setPromptText("You are a helpful assistant.");
        system.setWrapText(true);
        system.setPrefRowCount(4);
        system.textProperty().bindBidirectional(model.systemPromptProperty());

        ChoiceBox<SamplingPreset> preset = new ChoiceBox<>();
        preset.getItems().addAll(SamplingPreset.values());
        preset.setId("chat-preset");
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.valueProperty().bindBidirectional(model.presetProperty());

        ChoiceBox<PromptStyle> style = new ChoiceBox<>();
        style.getItems().addAll(PromptStyle.values());
        style.setId("chat-prompt-style");
        style.setMaxWidth(Double.MAX_VALUE);
        style.valueProperty().bindBidirectional(model.promptStyleProperty());

        getChildren().addAll(heading("System prompt"), system, heading("Sampling"), preset,
                label("Temperature"), doubleSpinner("chat-temperature", 0, 5, 0.05, model.temperatureProperty()),
                label("Top-k (0: off)"), intSpinner("chat-top-k", 0, 100_000, model.topKProperty()),
                label("Top-p (1: off)"), doubleSpinner("chat-top-p", 0.01, 1, 0.01, model.topPProperty()),
                label("Most tokens per answer"), intSpinner("chat-max-tokens", 1, 1 << 20, model.maxTokensProperty()),
                heading("Prompt"), style, hint("Automatic: the model's chat template, or plain text continuation when the "
                        + "file has none. Chat template: the file's, or a built-in one chosen for the model."));
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("title-4");
        return label;
    }

    private static Label hint(String text) {
        Label label = label(text);
        label.setWrapText(true);
        return label;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll("text-small", "text-muted");
        return label;
    }

    private static Spinner<Integer> intSpinner(String id, int min, int max, ObjectProperty<Integer> value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max);
        factory.valueProperty().bindBidirectional(value);
        return spinner(id, new Spinner<>(factory));
    }

    private static Spinner<Double> doubleSpinner(String id, double min, double max, double step,
            DoubleProperty value) {
        SpinnerValueFactory.DoubleSpinnerValueFactory factory = new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max,
                value.get(), step);
        factory.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != value.get()) {
                value.set(now);
            }
        });
        value.addListener((obs, old, now) -> factory.setValue(now.doubleValue()));
        return spinner(id, new Spinner<>(factory));
    }

    private static <T> Spinner<T> spinner(String id, Spinner<T> spinner) {
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.setMaxWidth(Double.MAX_VALUE);
        return spinner;
    }
}
