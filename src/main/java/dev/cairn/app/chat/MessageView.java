package dev.cairn.app.chat;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * One item of the conversation: a user message (with Edit, which resends the edited text, and Copy), an
 * answer rendered as Markdown with what it cost (and Copy), an error, or a note.
 */
final class MessageView extends VBox {

    private final ChatEntry entry;
    private final ChatViewModel model;

    MessageView(ChatEntry entry, ChatViewModel model) {
        super(6);
        this.entry = entry;
        this.model = model;
        getStyleClass().addAll("message", "message-" + entry.kind().name().toLowerCase(java.util.Locale.ROOT));
        switch (entry.kind()) {
            case USER -> showUserMessage();
            case ASSISTANT -> showAnswer();
            case ERROR, NOTE -> showNotice();
        }
    }

    private void showUserMessage() {
        Label text = new Label();
        text.getStyleClass().add("message-text");
        text.setWrapText(true);
        text.textProperty().bind(entry.textProperty());
        Button edit = new Button("Edit");
        edit.getStyleClass().addAll("edit-message", "small", "flat");
        edit.disableProperty().bind(model.generatingProperty());
        edit.setOnAction(e -> showEditor());
        HBox actions = new HBox(4, copyButton(), edit);
        actions.setAlignment(Pos.CENTER_RIGHT);
        getChildren().setAll(text, actions);
    }

    private void showEditor() {
        TextArea editor = new TextArea(entry.textProperty().get());
        editor.getStyleClass().add("edit-text");
        editor.setWrapText(true);
        editor.setPrefRowCount(3);
        Button resend = new Button("Resend");
        resend.getStyleClass().addAll("resend", "accent", "small");
        resend.setOnAction(e -> model.editAndResend(entry, editor.getText()));
        Button cancel = new Button("Cancel");
        cancel.getStyleClass().addAll("cancel-edit", "small");
        cancel.setOnAction(e -> showUserMessage());
        HBox actions = new HBox(6, cancel, resend);
        actions.setAlignment(Pos.CENTER_RIGHT);
        getChildren().setAll(editor, actions);
        editor.requestFocus();
    }

    private void showAnswer() {
        MarkdownView markdown = new MarkdownView();
        markdown.setMarkdown(entry.textProperty().get());
        entry.textProperty().addListener((obs, old, now) -> markdown.setMarkdown(now));
        Label stats = new Label();
        stats.getStyleClass().addAll("answer-stats", "text-small", "text-muted");
        stats.textProperty().bind(Bindings.createStringBinding(() -> entry.streamingProperty().get() ? "writing…"
                : entry.statsProperty().get() == null ? "" : entry.statsProperty().get().toString(),
                entry.statsProperty(), entry.streamingProperty()));
        Button copy = copyButton();
        copy.disableProperty().bind(entry.streamingProperty());
        HBox footer = new HBox(8, stats, copy);
        footer.setAlignment(Pos.CENTER_LEFT);
        getChildren().setAll(markdown, footer);
    }

    private Button copyButton() {
        Button copy = new Button("Copy");
        copy.getStyleClass().addAll("copy-message", "small", "flat");
        copy.setOnAction(e -> model.copy(entry));
        return copy;
    }

    /** An error (in the danger colour) or a note: shown, but not part of the conversation. */
    private void showNotice() {
        Label text = new Label(entry.textProperty().get());
        text.getStyleClass().addAll("message-text", entry.kind() == ChatEntry.Kind.ERROR ? "danger" : "text-muted");
        text.setWrapText(true);
        getChildren().setAll(text);
    }
}
