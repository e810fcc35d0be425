package dev.cairn.app.chat;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.app.core.DemoModel;
import dev.cairn.app.core.RemoteSettings;
import dev.cairn.app.core.ViewId;
import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.server.client.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * The chat: the selected conversation's messages and composer, answering with the loaded model or, when
 * the settings say so, a remote OpenAI-compatible server (both are a {@link ChatEngine}). It
 * composes the three parts that hold state: the {@link ConversationList}, the {@link ChatSettingsEditor}
 * and the {@link AnswerRun} being written. The conversation itself is the one the list holds; the entries
 * are how it is shown (with errors, notes and the answer still streaming).
 */
public final class ChatViewModel {

    private static final int TITLE_LENGTH = 40;

    private final AppContext app;
    private final ConversationList list;
    private final ChatSettingsEditor settings = new ChatSettingsEditor();
    private final ObservableList<ChatEntry> entries = FXCollections.observableArrayList();
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(this, "generating");
    private final ReadOnlyDoubleWrapper contextUsage = new ReadOnlyDoubleWrapper(this, "contextUsage");
    private final ReadOnlyStringWrapper contextText = new ReadOnlyStringWrapper(this, "contextText", "");
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "");
    private final ReadOnlyBooleanWrapper demo = new ReadOnlyBooleanWrapper(this, "demo");
    private final ReadOnlyObjectWrapper<ChatEngine> engine = new ReadOnlyObjectWrapper<>(this, "engine");
    private final RemoteEndpointEditor remote;
    private final BooleanBinding canSend;
    private AnswerRun running;

    public ChatViewModel(AppContext app) {
        this.app = app;
        this.list = new ConversationList(new ConversationStore(app.dataFolder().conversations(), app.writes()));
        this.remote = new RemoteEndpointEditor(app.settings());
        canSend = Bindings.createBooleanBinding(() -> !generating.get() && engine.get() != null && !input.get().isBlank(),
                generating, input, engine);
        app.state().loadedModelProperty().addListener((obs, old, now) -> chooseEngine());
        app.settings().settingsProperty().addListener((obs, old, now) -> {
            if (!old.remote().equals(now.remote())) {
                chooseEngine();
            }
        });
        chooseEngine();
        // A new version of the shown conversation (renamed, answered) is not shown again.
        list.selectedProperty().addListener((obs, old, now) -> {
            if (old == null || now == null || !old.id().equals(now.id())) {
                show(now);
            }
        });
        settings.optionsProperty().addListener((obs, old, now) ->
                list.updateSelected(c -> c.options().equals(now) ? c : c.withOptions(now)));
        settings.systemPromptProperty().addListener((obs, old, now) ->
                list.updateSelected(c -> c.systemPrompt().equals(now) ? c : c.withSystemPrompt(now)));
        app.events().subscribe(AppEvents.NewChat.class, event -> newConversation());
        show(list.selectedProperty().get());
    }

    /** Answers with the remote server when it is switched on (and its URL is one), else with the loaded model. */
    private void chooseEngine() {
        stop();
        if (engine.get() != null) {
            engine.get().release(app.threads());
        }
        LoadedModel model = app.state().getLoadedModel();
        RemoteSettings server = app.settings().get().remote();
        ChatEngine chosen = null;
        if (server.enabled()) {
            Endpoint endpoint = remote.endpoint();
            chosen = endpoint == null ? null : new RemoteChatEngine(endpoint);
        } else if (model != null) {
            chosen = new LocalChatEngine(model);
        }
        engine.set(chosen);
        modelName.set(chosen == null ? "" : chosen.modelName());
        demo.set(chosen instanceof LocalChatEngine && DemoModel.isDemo(app.dataFolder(), model.file().path()));
        contextUsage.set(0);
        contextText.set(chosen == null || chosen.contextLength() == 0 ? ""
                : String.format(Locale.ROOT, "Context: %,d tokens", chosen.contextLength()));
    }

    /** Shows {@code conversation}'s messages and settings (or a new chat's when there is none). */
    private void show(Conversation conversation) {
        entries.setAll(conversation == null ? List.of() : conversation.messages().stream().map(ChatEntry::of).toList());
        settings.show(conversation);
        contextUsage.set(0);
    }

    /** Starts a new, empty conversation with the settings shown, and selects it. */
    public void newConversation() {
        if (!generating.get()) {
            list.create(settings.optionsProperty().get());
        }
    }

    /** Sends the input as a user message and answers it. */
    public void send() {
        String text = input.get().strip();
        if (!canSend.get() || text.isEmpty()) {
            return;
        }
        if (list.selectedProperty().get() == null) {
            newConversation();
        }
        list.updateSelected(c -> c.title().equals(ConversationList.NEW_CHAT_TITLE) && c.messages().isEmpty()
                ? c.withTitle(title(text)) : c);
        input.set("");
        entries.add(new ChatEntry(ChatEntry.Kind.USER, text));
        answer();
    }

    private static String title(String message) {
        String line = message.lines().findFirst().orElse(message);
        return line.length() > TITLE_LENGTH ? line.substring(0, TITLE_LENGTH) + "…" : line;
    }

    /** Answers the last user message again, replacing what followed it. */
    public void regenerate() {
        int lastUser = lastUserIndex();
        if (generating.get() || engine.get() == null || lastUser < 0) {
            return;
        }
        entries.remove(lastUser + 1, entries.size());
        answer();
    }

    /** Replaces the user message {@code entry} with {@code text}, forgets what followed it, and answers. */
    public void editAndResend(ChatEntry entry, String text) {
        int index = entries.indexOf(entry);
        if (generating.get() || engine.get() == null || index < 0 || entry.kind() != ChatEntry.Kind.USER || text.isBlank()) {
            return;
        }
        entries.remove(index, entries.size());
        entries.add(new ChatEntry(ChatEntry.Kind.USER, text.strip()));
        answer();
    }

    /** Stops the answer being written; what was written so far stays. */
    public void stop() {
        if (running != null) {
            running.stop();
        }
    }

    /** Puts {@code entry}'s text on the clipboard. */
    public void copy(ChatEntry entry) {
        ClipboardContent content = new ClipboardContent();
        content.putString(entry.textProperty().get());
        Clipboard.getSystemClipboard().setContent(content);
    }

    /**
     * Writes {@code conversation} to {@code file} in the background: JSON for a {@code .json} file,
     * Markdown otherwise. The task fails with the reason when the file cannot be written.
     */
    public Task<Path> export(Conversation conversation, Path file) {
        String text = ConversationExport.forFile(conversation, file);
        Task<Path> write = new Task<>() {
            @Override
            protected Path call() {
                try {
                    return Files.writeString(file, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
            }
        };
        app.threads().background().execute(write);
        return write;
    }

    /** Asks the shell for the model wizard. */
    public void showModels() {
        app.events().publish(new AppEvents.ShowView(ViewId.MODELS));
    }

    private int lastUserIndex() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).kind() == ChatEntry.Kind.USER) {
                return i;
            }
        }
        return -1;
    }

    private void answer() {
        List<ChatMessage> history = new ArrayList<>();
        if (!settings.systemPromptProperty().get().isBlank()) {
            history.add(ChatMessage.system(settings.systemPromptProperty().get()));
        }
        entries.stream().filter(ChatEntry::isMessage).map(ChatEntry::message).forEach(history::add);
        ChatEngine answering = engine.get();
        running = new AnswerRun(answering, history, settings.optionsProperty().get(), outcome -> finish(answering, outcome));
        entries.add(running.reply());
        generating.set(true);
        running.start(answering.thread(app.threads()));
    }

    private void finish(ChatEngine answering, AnswerRun.Outcome outcome) {
        ChatEntry reply = running.reply();
        running = null;
        generating.set(false);
        switch (outcome) {
            case AnswerRun.Outcome.Answered answered -> {
                reply.statsProperty().set(AnswerStats.of(answered.reply().answer(), answered.reply().model()));
                int dropped = answered.reply().answer().droppedMessages();
                if (dropped > 0) {
                    entries.add(entries.indexOf(reply), new ChatEntry(ChatEntry.Kind.NOTE, String.format(Locale.ROOT,
                            "%s the context of %,d tokens: this answer did not see %s.", dropped == 1
                                    ? "The oldest message no longer fits" : "The " + dropped + " oldest messages no longer fit",
                            answering.contextLength(), dropped == 1 ? "it" : "them")));
                }
                showContextUse(answered.reply().contextUsed(), answering.contextLength());
            }
            case AnswerRun.Outcome.Failed failed -> {
                if (reply.textProperty().get().isEmpty()) {
                    entries.remove(reply);
                }
                entries.add(new ChatEntry(ChatEntry.Kind.ERROR, describe(failed.failure())));
            }
        }
        List<Conversation.StoredMessage> kept = entries.stream()
                .filter(e -> e.isMessage() && !e.textProperty().get().isEmpty()).map(ChatEntry::stored).toList();
        list.updateSelected(c -> c.withMessages(kept));
    }

    private void showContextUse(int used, int length) {
        contextUsage.set(length == 0 ? 0 : (double) used / length);
        contextText.set(length == 0 ? String.format(Locale.ROOT, "Context: %,d tokens (the server's context)", used)
                : String.format(Locale.ROOT, "Context: %,d of %,d tokens", used, length));
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return "The answer failed: " + (message == null || message.isBlank() ? failure.getClass().getSimpleName() : message);
    }

    public ConversationList conversations() {
        return list;
    }

    public ChatSettingsEditor settings() {
        return settings;
    }

    /** The remote server's connection settings, as the chat edits them. */
    public RemoteEndpointEditor remote() {
        return remote;
    }

    /** Whether answers come from a remote server. */
    public boolean answersRemotely() {
        return engine.get() instanceof RemoteChatEngine;
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

    /** Whether the loaded model is the built-in demo model, which the chat then says. */
    public ReadOnlyBooleanProperty demoProperty() {
        return demo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }
}
