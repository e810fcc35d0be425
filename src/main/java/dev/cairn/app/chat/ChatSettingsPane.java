package dev.cairn.app.chat;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.layout.VBox;

/** The selected chat's system prompt, sampling preset and settings, answer length and prompt style. */
final class ChatSettingsPane extends VBox {

    ChatSettingsPane(ChatSettingsEditor model) {
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
                label("Temperature (0: greedy)"), doubleSpinner("chat-temperature", 0, 5, 0.05, model.temperatureProperty()),
                label("Top-k (0: off)"), intSpinner("chat-top-k", 0, 100_000, model.topKProperty()),
                label("Top-p (1: off)"), doubleSpinner("chat-top-p", 0.01, 1, 0.01, model.topPProperty()),
                label("Min-p (0: off)"), doubleSpinner("chat-min-p", 0, 1, 0.01, model.minPProperty()),
                label("Repeat penalty (1: off)"), doubleSpinner("chat-repeat-penalty", 0.5, 2, 0.05, model.repeatPenaltyProperty()),
                label("Seed (empty: a new one for every answer)"), seedField(model.seedProperty()),
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

    /** A whole number, or nothing; anything else typed is refused as it is typed. */
    private static TextField seedField(ObjectProperty<Long> seed) {
        TextField field = new TextField(seed.get() == null ? "" : seed.get().toString());
        field.setId("chat-seed");
        field.setPromptText("random");
        field.setTextFormatter(new TextFormatter<String>(change -> change.getControlNewText().matches("-?\\d{0,18}") ? change : null));
        field.textProperty().addListener((obs, old, now) -> seed.set(parseSeed(now)));
        seed.addListener((obs, old, now) -> {
            if (!java.util.Objects.equals(now, parseSeed(field.getText()))) {
                field.setText(now == null ? "" : now.toString());
            }
        });
        return field;
    }

    private static Long parseSeed(String text) {
        return text.isEmpty() || text.equals("-") ? null : Long.valueOf(text);
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
