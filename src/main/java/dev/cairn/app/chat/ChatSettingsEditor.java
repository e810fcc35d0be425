package dev.cairn.app.chat;

import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.Property;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The settings pane's model: a conversation's system prompt and {@link ChatOptions}. The options are one
 * value; each field is a view of it that writes a changed copy back, and follows it when it is replaced as
 * a whole (another conversation shown, a preset chosen). Setting a field to the value it already shows
 * makes an equal copy, which fires no change, so the two directions cannot loop.
 */
public final class ChatSettingsEditor {

    private final ObjectProperty<ChatOptions> options = new SimpleObjectProperty<>(this, "options", ChatOptions.defaults());
    private final StringProperty systemPrompt = new SimpleStringProperty(this, "systemPrompt", "");
    private final ObjectProperty<SamplingPreset> preset = new SimpleObjectProperty<>(this, "preset");
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature");
    private final ObjectProperty<Integer> topK = new SimpleObjectProperty<>(this, "topK");
    private final DoubleProperty topP = new SimpleDoubleProperty(this, "topP");
    private final DoubleProperty minP = new SimpleDoubleProperty(this, "minP");
    private final DoubleProperty repeatPenalty = new SimpleDoubleProperty(this, "repeatPenalty");
    private final ObjectProperty<Long> seed = new SimpleObjectProperty<>(this, "seed");
    private final ObjectProperty<Integer> maxTokens = new SimpleObjectProperty<>(this, "maxTokens");
    private final ObjectProperty<PromptStyle> promptStyle = new SimpleObjectProperty<>(this, "promptStyle");

    ChatSettingsEditor() {
        // Picking the preset a conversation already has keeps its edited values.
        link(preset, ChatOptions::preset, (o, chosen) -> chosen == o.preset() ? o : o.withPreset(chosen));
        link(temperature, ChatOptions::temperature, (o, v) -> o.withTemperature(v.doubleValue()));
        link(topK, ChatOptions::topK, ChatOptions::withTopK);
        link(topP, ChatOptions::topP, (o, v) -> o.withTopP(v.doubleValue()));
        link(minP, ChatOptions::minP, (o, v) -> o.withMinP(v.doubleValue()));
        link(repeatPenalty, ChatOptions::repeatPenalty, (o, v) -> o.withRepeatPenalty(v.doubleValue()));
        link(maxTokens, ChatOptions::maxTokens, ChatOptions::withMaxTokens);
        link(promptStyle, ChatOptions::promptStyle, ChatOptions::withPromptStyle);
        // The seed may be empty (a fresh seed per answer), so it is linked without the null guard.
        seed.set(options.get().seed());
        options.addListener((obs, old, now) -> seed.set(now.seed()));
        seed.addListener((obs, old, now) -> options.set(options.get().withSeed(now)));
    }

    private <T> void link(Property<T> field, Function<ChatOptions, ? extends T> read,
            BiFunction<ChatOptions, T, ChatOptions> write) {
        field.setValue(read.apply(options.get()));
        options.addListener((obs, old, now) -> field.setValue(read.apply(now)));
        field.addListener((obs, old, now) -> {
            if (now != null) {
                options.set(write.apply(options.get(), now));
            }
        });
    }

    /** Shows {@code conversation}'s system prompt and options, or a new chat's when there is none. */
    void show(Conversation conversation) {
        systemPrompt.set(conversation == null ? "" : conversation.systemPrompt());
        options.set(conversation == null ? ChatOptions.defaults() : conversation.options());
    }

    public ObjectProperty<ChatOptions> optionsProperty() {
        return options;
    }

    public StringProperty systemPromptProperty() {
        return systemPrompt;
    }

    public ObjectProperty<SamplingPreset> presetProperty() {
        return preset;
    }

    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    public ObjectProperty<Integer> topKProperty() {
        return topK;
    }

    public DoubleProperty topPProperty() {
        return topP;
    }

    public DoubleProperty minPProperty() {
        return minP;
    }

    public DoubleProperty repeatPenaltyProperty() {
        return repeatPenalty;
    }

    public ObjectProperty<Long> seedProperty() {
        return seed;
    }

    public ObjectProperty<Integer> maxTokensProperty() {
        return maxTokens;
    }

    public ObjectProperty<PromptStyle> promptStyleProperty() {
        return promptStyle;
    }
}
