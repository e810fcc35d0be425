package dev.cairn.app.chat;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.app.core.ViewId;
import dev.cairn.runtime.Answer;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The chat: saved conversations, the selected one's messages, and answering with the loaded model on
 * the engine thread. Streamed text reaches the FX thread through {@link StreamedText}, at most every
 * {@link #STREAM_INTERVAL_NANOS}.
 */
public final class ChatViewModel {

    static final long STREAM_INTERVAL_NANOS = 40_000_000L;
    static final String NEW_CHAT_TITLE = "New chat";
    private static final int TITLE_LENGTH = 40;

    private final AppContext app;
    private final ConversationStore store;
    private final ObservableList<Conversation> conversations = FXCollections.observableArrayList();
    private final ObjectProperty<Conversation> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<ChatEntry> entries = FXCollections.observableArrayList();
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(this, "generating");
    private final ReadOnlyDoubleWrapper contextUsage = new ReadOnlyDoubleWrapper(this, "contextUsage");
    private final ReadOnlyStringWrapper contextText = new ReadOnlyStringWrapper(this, "contextText", "");
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "");
    private final StringProperty systemPrompt = new SimpleStringProperty(this, "systemPrompt", "");
    private final ObjectProperty<SamplingPreset> preset = new SimpleObjectProperty<>(this, "preset");
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature");
    private final ObjectProperty<Integer> topK = new SimpleObjectProperty<>(this, "topK", 0);
    private final DoubleProperty topP = new SimpleDoubleProperty(this, "topP", 1);
    private final DoubleProperty minP = new SimpleDoubleProperty(this, "minP");
    private final DoubleProperty repeatPenalty = new SimpleDoubleProperty(this, "repeatPenalty", 1);
    private final ObjectProperty<Integer> maxTokens = new SimpleObjectProperty<>(this, "maxTokens", ChatOptions.DEFAULT_MAX_TOKENS);
    private final ObjectProperty<PromptStyle> promptStyle = new SimpleObjectProperty<>(this, "promptStyle", PromptStyle.AUTOMATIC);
    private final BooleanBinding canSend;
    private ChatEngine engine;
    /** The Stop of the answer in progress; each answer gets a fresh one. */
    private AtomicBoolean stopRequested = new AtomicBoolean();
    private boolean showing;

    public ChatViewModel(AppContext app) {
        this.app = app;
        this.store = new ConversationStore(app.dataFolder().conversations(), app.writes());
        canSend = Bindings.createBooleanBinding(() -> !generating.get() && app.state().getLoadedModel() != null
                && !input.get().isBlank(), generating, input, app.state().loadedModelProperty());
        app.state().loadedModelProperty().addListener((obs, old, now) -> useModel(now));
        useModel(app.state().getLoadedModel());
        conversations.setAll(store.list());
        // A changed version of the shown conversation (renamed, answered) is not shown again from disk.
        selected.addListener((obs, old, now) -> {
            if (old == null || now == null || !old.id().equals(now.id())) {
                show(now);
            }
        });
        for (var option : new Observable[] {temperature, topK, topP, minP, repeatPenalty, maxTokens, promptStyle}) {
            option.addListener(o -> saveOptions());
        }
        preset.addListener((obs, old, now) -> applyPreset(now));
        systemPrompt.addListener(o -> {
            if (!showing && selected.get() != null) {
                replace(selected.get().withSystemPrompt(systemPrompt.get()));
            }
        });
        selected.set(conversations.isEmpty() ? null : conversations.getFirst());
        if (selected.get() == null) {
            show(null);
        }
    }

    private void useModel(LoadedModel model) {
        if (engine != null) {
            engine.cancel();
        }
        engine = model == null ? null : new ChatEngine(model);
        modelName.set(model == null ? "" : model.file().path().getFileName().toString());
        contextUsage.set(0);
        contextText.set(model == null ? "" : String.format(Locale.ROOT, "Context: %,d tokens", model.plan().context()));
    }

    /** Shows {@code conversation}'s messages and options (or a fresh set when there is none). */
    private void show(Conversation conversation) {
        showing = true;
        try {
            entries.setAll(conversation == null ? List.of()
                    : conversation.messages().stream().map(ChatEntry::of).toList());
            ChatOptions options = conversation == null ? ChatOptions.defaults() : conversation.options();
            systemPrompt.set(conversation == null ? "" : conversation.systemPrompt());
            preset.set(options.preset());
            setOptionFields(options);
            contextUsage.set(0);
        } finally {
            showing = false;
        }
    }

    private void setOptionFields(ChatOptions options) {
        temperature.set(options.temperature());
        topK.set(options.topK());
        topP.set(options.topP());
        minP.set(options.minP());
        repeatPenalty.set(options.repeatPenalty());
        maxTokens.set(options.maxTokens());
        promptStyle.set(options.promptStyle());
    }

    private void applyPreset(SamplingPreset chosen) {
        if (chosen == null || showing) {
            return;
        }
        showing = true;
        try {
            setOptionFields(ChatOptions.of(chosen, maxTokens.get(), promptStyle.get()));
        } finally {
            showing = false;
        }
        saveOptions();
    }

    public ChatOptions options() {
        return new ChatOptions(preset.get(), temperature.get(), topK.get() == null ? 0 : topK.get(), topP.get(), minP.get(),
                repeatPenalty.get(), maxTokens.get() == null ? ChatOptions.DEFAULT_MAX_TOKENS : maxTokens.get(), promptStyle.get());
    }

    private void saveOptions() {
        if (!showing && selected.get() != null) {
            replace(selected.get().withOptions(options()));
        }
    }

    /** Starts a new, empty conversation and selects it. */
    public void newConversation() {
        Conversation conversation = Conversation.create(NEW_CHAT_TITLE, options());
        store.save(conversation);
        conversations.addFirst(conversation);
        selected.set(conversation);
    }

    public void rename(Conversation conversation, String title) {
        if (title != null && !title.isBlank()) {
            replace(conversation.withTitle(title.strip()));
        }
    }

    public void delete(Conversation conversation) {
        store.delete(conversation.id());
        int index = conversations.indexOf(conversation);
        conversations.remove(conversation);
        if (selected.get() != null && selected.get().id().equals(conversation.id())) {
            selected.set(conversations.isEmpty() ? null : conversations.get(Math.min(index, conversations.size() - 1)));
        }
    }

    /** Saves {@code changed} and puts it in the list in place of the conversation with its id. */
    private void replace(Conversation changed) {
        store.save(changed);
        boolean isSelected = selected.get() != null && selected.get().id().equals(changed.id());
        for (int i = 0; i < conversations.size(); i++) {
            if (conversations.get(i).id().equals(changed.id())) {
                showing = true;
                try {
                    conversations.set(i, changed);
                    if (isSelected) {
                        selected.set(changed);
                    }
                } finally {
                    showing = false;
                }
                return;
            }
        }
    }

    /** Sends the input as a user message and answers it. */
    public void send() {
        String text = input.get().strip();
        if (!canSend.get() || text.isEmpty()) {
            return;
        }
        if (selected.get() == null) {
            newConversation();
        }
        if (selected.get().title().equals(NEW_CHAT_TITLE) && selected.get().messages().isEmpty()) {
            String title = text.lines().findFirst().orElse(text);
            replace(selected.get().withTitle(title.length() > TITLE_LENGTH ? title.substring(0, TITLE_LENGTH) + "…" : title));
        }
        input.set("");
        entries.add(new ChatEntry(ChatEntry.Kind.USER, text));
        answer();
    }

    /** Answers the last user message again, replacing the answer (or error) after it. */
    public void regenerate() {
        int lastUser = lastUserIndex();
        if (generating.get() || engine == null || lastUser < 0) {
            return;
        }
        entries.remove(lastUser + 1, entries.size());
        answer();
    }

    /** Replaces the user message {@code entry} with {@code text}, forgets what followed it, and answers. */
    public void editAndResend(ChatEntry entry, String text) {
        int index = entries.indexOf(entry);
        if (generating.get() || engine == null || index < 0 || entry.kind() != ChatEntry.Kind.USER || text.isBlank()) {
            return;
        }
        entries.remove(index, entries.size());
        entries.add(new ChatEntry(ChatEntry.Kind.USER, text.strip()));
        answer();
    }

    /** Asks the shell for the model wizard. */
    public void showModels() {
        app.events().publish(new AppEvents.ShowView(ViewId.MODELS));
    }

    /** Stops the answer being written; what was written so far stays. */
    public void stop() {
        if (engine != null && generating.get()) {
            stopRequested.set(true);
            engine.cancel();
        }
    }

    private int lastUserIndex() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).kind() == ChatEntry.Kind.USER) {
                return i;
            }
        }
        return -1;
    }

    private record Reply(Answer answer, int contextUsed) {
    }

    private void answer() {
        List<ChatMessage> history = new ArrayList<>();
        if (!systemPrompt.get().isBlank()) {
            history.add(ChatMessage.system(systemPrompt.get()));
        }
        entries.stream().filter(e -> e.kind() != ChatEntry.Kind.ERROR).map(ChatEntry::message).forEach(history::add);
        ChatEntry reply = new ChatEntry(ChatEntry.Kind.ASSISTANT, "");
        reply.streamingProperty().set(true);
        entries.add(reply);
        ChatEngine answering = engine;
        StreamedText stream = new StreamedText();
        ChatOptions chosen = options();
        AtomicBoolean stop = new AtomicBoolean();
        stopRequested = stop;
        Task<Reply> task = new Task<>() {
            @Override
            protected Reply call() {
                Answer answer = answering.answer(history, chosen, stop, stream::append);
                return new Reply(answer, answering.contextUsed());
            }
        };
        AnimationTimer pump = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (now - last >= STREAM_INTERVAL_NANOS) {
                    last = now;
                    String text = stream.drain();
                    if (!text.isEmpty()) {
                        reply.textProperty().set(reply.textProperty().get() + text);
                    }
                }
            }
        };
        task.setOnSucceeded(e -> {
            pump.stop();
            Reply result = task.getValue();
            reply.textProperty().set(result.answer().text());
            reply.statsProperty().set(AnswerStats.of(result.answer()));
            finish(reply, result.contextUsed(), answering.contextLength());
        });
        task.setOnFailed(e -> {
            pump.stop();
            reply.textProperty().set(reply.textProperty().get() + stream.drain());
            if (reply.textProperty().get().isEmpty()) {
                entries.remove(reply);
            }
            entries.add(new ChatEntry(ChatEntry.Kind.ERROR, describe(task.getException())));
            finish(reply, 0, answering.contextLength());
        });
        generating.set(true);
        pump.start();
        app.threads().engine().execute(task);
    }

    private void finish(ChatEntry reply, int contextUsed, int contextLength) {
        reply.streamingProperty().set(false);
        generating.set(false);
        contextUsage.set(contextLength == 0 ? 0 : (double) contextUsed / contextLength);
        contextText.set(String.format(Locale.ROOT, "Context: %,d of %,d tokens", contextUsed, contextLength));
        if (selected.get() != null) {
            replace(selected.get().withMessages(entries.stream()
                    .filter(e -> e.kind() != ChatEntry.Kind.ERROR && !e.textProperty().get().isEmpty())
                    .map(ChatEntry::stored).toList()));
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return "The answer failed: " + (message == null || message.isBlank() ? failure.getClass().getSimpleName() : message);
    }

    public ObservableList<Conversation> conversations() {
        return conversations;
    }

    public ObjectProperty<Conversation> selectedProperty() {
        return selected;
    }

    public ObservableList<ChatEntry> entries() {
        return entries;
    }

    public StringProperty inputProperty() {
        return input;
    }

    public BooleanBinding canSend() {
        return canSend;
    }

    public ReadOnlyBooleanProperty generatingProperty() {
        return generating.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty contextUsageProperty() {
        return contextUsage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty contextTextProperty() {
        return contextText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
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

    public ObjectProperty<Integer> maxTokensProperty() {
        return maxTokens;
    }

    public ObjectProperty<PromptStyle> promptStyleProperty() {
        return promptStyle;
    }
}
