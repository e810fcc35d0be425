package dev.cairn.app.chat;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

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
        ScrollPane settings = new ScrollPane(new ChatSettingsPane(model));
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
        ListView<Conversation> list = new ListView<>(model.conversations());
        list.setId("chat-conversations");
        list.setPlaceholder(new Label("No chats yet"));
        list.setCellFactory(view -> new ConversationCell());
        list.getSelectionModel().select(model.selectedProperty().get());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && (model.selectedProperty().get() == null || !now.id().equals(model.selectedProperty().get().id()))) {
                model.selectedProperty().set(now);
            }
        });
        model.selectedProperty().addListener((obs, old, now) -> list.getSelectionModel().select(now));
        list.disableProperty().bind(model.generatingProperty());
        Button create = new Button("New chat");
        create.setId("chat-new");
        create.setMaxWidth(Double.MAX_VALUE);
        create.disableProperty().bind(model.generatingProperty());
        create.setOnAction(e -> model.newConversation());
        VBox box = new VBox(8, create, list);
        box.getStyleClass().add("conversation-list");
        box.setPadding(new Insets(12));
        box.setPrefWidth(230);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    /** A conversation's title, with Rename and Delete in its context menu. */
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
                dialog.showAndWait().ifPresent(title -> model.rename(item, title));
            });
            MenuItem delete = new MenuItem("Delete");
            delete.setOnAction(e -> model.delete(item));
            setContextMenu(new ContextMenu(rename, delete));
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
        empty.getStyleClass().add("text-muted");
        empty.textProperty().bind(Bindings.createStringBinding(() -> model.modelNameProperty().get().isEmpty()
                ? "Load a model in Models to start chatting." : "Chatting with " + model.modelNameProperty().get() + ".",
                model.modelNameProperty()));
        Button toModels = new Button("Load a model…");
        toModels.setId("chat-load-model");
        toModels.visibleProperty().bind(model.modelNameProperty().isEmpty());
        toModels.managedProperty().bind(toModels.visibleProperty());
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
        input.setPromptText("Message (Ctrl+Enter sends)");
        input.setWrapText(true);
        input.setPrefRowCount(3);
        input.textProperty().bindBidirectional(model.inputProperty());
        input.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
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
