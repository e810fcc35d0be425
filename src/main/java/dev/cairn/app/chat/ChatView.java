package dev.cairn.app.chat;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Conversations on the left, the selected one in the middle with the composer, its settings on the right. */
public final class ChatView extends BorderPane {

    private final ChatViewModel model;
    private final VBox messages = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(messages);

    public ChatView(ChatViewModel model) {
        this.model = model;
        setId("chat-view");
        setLeft(conversationList());
        setCenter(conversation());
        ScrollPane settings = new ScrollPane(new VBox(new RemoteEndpointPane(model.remote()), new ChatSettingsPane(model.settings())));
        settings.setFitToWidth(true);
        settings.getStyleClass().add("chat-settings-scroll");
        setRight(settings);
        model.entries().addListener(this::updateMessages);
        messages.getChildren().setAll(model.entries().stream().map(this::view).toList());
    }

    public ChatViewModel model() {
        return model;
    }

    private Node conversationList() {
        ConversationList conversations = model.conversations();
        TextField search = new TextField();
        search.setId("chat-search");
        search.setPromptText("Search chats");
        search.textProperty().bindBidirectional(conversations.searchProperty());
        ListView<Conversation> list = new ListView<>(conversations.shown());
        list.setId("chat-conversations");
        list.setPlaceholder(new Label("No chats yet"));
        list.setCellFactory(view -> new ConversationCell());
        list.getSelectionModel().select(conversations.selectedProperty().get());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            Conversation selected = conversations.selectedProperty().get();
            if (now != null && (selected == null || !now.id().equals(selected.id()))) {
                conversations.selectedProperty().set(now);
            }
        });
        conversations.selectedProperty().addListener((obs, old, now) -> list.getSelectionModel().select(now));
        list.disableProperty().bind(model.generatingProperty());
        Button create = new Button("New chat");
        create.setId("chat-new");
        create.setMaxWidth(Double.MAX_VALUE);
        create.disableProperty().bind(model.generatingProperty());
        create.setOnAction(e -> model.newConversation());
        VBox box = new VBox(8, create, search, list);
        box.getStyleClass().add("conversation-list");
        box.setPadding(new Insets(12));
        box.setPrefWidth(230);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    /** A conversation's title, with Rename, Export and Delete in its context menu. */
    private final class ConversationCell extends ListCell<Conversation> {
        @Override
        protected void updateItem(Conversation item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setContextMenu(null);
                return;
            }
            setText(item.title());
            MenuItem rename = new MenuItem("Rename…");
            rename.setOnAction(e -> {
                TextInputDialog dialog = new TextInputDialog(item.title());
                dialog.setTitle("Rename chat");
                dialog.setHeaderText(null);
                dialog.setContentText("Title:");
                dialog.showAndWait().ifPresent(title -> model.conversations().rename(item, title));
            });
            MenuItem export = new MenuItem("Export…");
            export.setOnAction(e -> export(item));
            MenuItem delete = new MenuItem("Delete");
            delete.setOnAction(e -> model.conversations().delete(item));
            setContextMenu(new ContextMenu(rename, export, delete));
        }
    }

    /** Asks where to save {@code conversation}, as Markdown or JSON, and writes it there. */
    private void export(Conversation conversation) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export chat");
        chooser.setInitialFileName(conversation.title().replaceAll("[^\\p{L}\\p{N} _-]+", "").strip() + ".md");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Markdown", "*.md"),
                new FileChooser.ExtensionFilter("JSON", "*.json"));
        File chosen = chooser.showSaveDialog(getScene().getWindow());
        if (chosen != null) {
            Task<Path> write = model.export(conversation, chosen.toPath());
            write.setOnFailed(e -> new Alert(Alert.AlertType.ERROR, "The export failed: " + write.getException().getMessage()).show());
        }
    }

    private Node conversation() {
        messages.setId("chat-messages");
        messages.setPadding(new Insets(16));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        // Follow the answer as it grows, like a terminal.
        messages.heightProperty().addListener((obs, old, now) -> scroll.setVvalue(1));

        Label empty = new Label();
        empty.setId("chat-greeting");
        empty.getStyleClass().add("text-muted");
        empty.setWrapText(true);
        empty.textProperty().bind(Bindings.createStringBinding(() -> model.modelNameProperty().get().isEmpty()
                ? "Load a model in Models to start chatting."
                : model.demoProperty().get() ? "Chatting with the built-in demo model, " + model.modelNameProperty().get()
                        + ": 260K parameters trained on children's stories, so it continues a story rather than answering."
                : "Chatting with " + model.modelNameProperty().get() + ".", model.modelNameProperty(), model.demoProperty()));
        Button toModels = new Button();
        toModels.setId("chat-load-model");
        toModels.textProperty().bind(Bindings.when(model.demoProperty()).then("Get a real model…").otherwise("Load a model…"));
        toModels.visibleProperty().bind(model.modelNameProperty().isEmpty().or(model.demoProperty()));
        toModels.managedProperty().bind(toModels.visibleProperty());
        toModels.setMinWidth(Region.USE_PREF_SIZE);
        toModels.setOnAction(e -> model.showModels());
        HBox header = new HBox(10, empty, toModels);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(10, 16, 6, 16));

        StackPane center = new StackPane(scroll);
        VBox.setVgrow(center, Priority.ALWAYS);
        return new VBox(header, center, composer());
    }

    private Node composer() {
        ProgressBar usage = new ProgressBar();
        usage.setId("chat-context-usage");
        usage.progressProperty().bind(model.contextUsageProperty());
        usage.setMaxWidth(Double.MAX_VALUE);
        usage.getStyleClass().add("small");
        Label usageText = new Label();
        usageText.setId("chat-context-text");
        usageText.getStyleClass().addAll("text-small", "text-muted");
        usageText.textProperty().bind(model.contextTextProperty());
        HBox usageRow = new HBox(10, usage, usageText);
        usageRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(usage, Priority.ALWAYS);

        TextArea input = new TextArea();
        input.setId("chat-input");
        input.setPromptText("Message (Enter sends, Shift+Enter starts a new line)");
        input.setWrapText(true);
        input.setPrefRowCount(3);
        input.textProperty().bindBidirectional(model.inputProperty());
        // As in every chat app: Enter sends, Shift+Enter adds a line (the text area alone adds one on Enter).
        input.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShiftDown()) {
                input.replaceSelection("\n");
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                model.send();
                e.consume();
            }
        });
        Button send = button("chat-send", "Send", true);
        send.disableProperty().bind(model.canSend().not());
        send.setOnAction(e -> model.send());
        Button stop = button("chat-stop", "Stop", false);
        stop.disableProperty().bind(model.generatingProperty().not());
        stop.setOnAction(e -> model.stop());
        Button regenerate = button("chat-regenerate", "Regenerate", false);
        regenerate.disableProperty().bind(model.generatingProperty().or(model.modelNameProperty().isEmpty())
                .or(Bindings.isEmpty(model.entries())));
        regenerate.setOnAction(e -> model.regenerate());
        VBox actions = new VBox(6, send, stop, regenerate);
        HBox row = new HBox(8, input, actions);
        HBox.setHgrow(input, Priority.ALWAYS);
        VBox composer = new VBox(6, usageRow, row);
        composer.getStyleClass().add("composer");
        composer.setPadding(new Insets(8, 16, 12, 16));
        return composer;
    }

    private static Button button(String id, String text, boolean accent) {
        Button button = new Button(text);
        button.setId(id);
        button.setMaxWidth(Double.MAX_VALUE);
        button.setMinWidth(Region.USE_PREF_SIZE);
        if (accent) {
            button.getStyleClass().add("accent");
        }
        return button;
    }

    private Node view(ChatEntry entry) {
        return new MessageView(entry, model);
    }

    /** Mirrors the change in the message views: an answer being added does not rebuild the conversation. */
    private void updateMessages(ListChangeListener.Change<? extends ChatEntry> change) {
        while (change.next()) {
            if (change.wasPermutated() || change.wasUpdated()) {
                messages.getChildren().setAll(model.entries().stream().map(this::view).toList());
                return;
            }
            if (change.wasRemoved()) {
                messages.getChildren().remove(change.getFrom(), change.getFrom() + change.getRemovedSize());
            }
            if (change.wasAdded()) {
                messages.getChildren().addAll(change.getFrom(), change.getAddedSubList().stream().map(this::view).toList());
            }
        }
    }
}
