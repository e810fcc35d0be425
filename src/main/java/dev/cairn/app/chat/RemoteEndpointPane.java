package dev.cairn.app.chat;

import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** "Answer with a server": the switch and the connection fields above the chat's settings. */
final class RemoteEndpointPane extends VBox {

    RemoteEndpointPane(RemoteEndpointEditor editor) {
        super(6);
        setId("chat-remote");
        setPadding(new Insets(12, 12, 0, 12));
        CheckBox use = new CheckBox("Answer with a server (OpenAI API)");
        use.setId("chat-remote-use");
        use.selectedProperty().bindBidirectional(editor.enabledProperty());
        TextField url = field("chat-remote-url", "Base URL, e.g. http://127.0.0.1:8080/v1");
        url.textProperty().bindBidirectional(editor.baseUrlProperty());
        PasswordField key = new PasswordField();
        key.setId("chat-remote-key");
        key.setPromptText("API key (if the server wants one)");
        key.textProperty().bindBidirectional(editor.apiKeyProperty());
        TextField model = field("chat-remote-model", "Model");
        model.textProperty().bindBidirectional(editor.modelProperty());
        Label problem = new Label();
        problem.setId("chat-remote-problem");
        problem.setWrapText(true);
        problem.getStyleClass().addAll("text-small", "danger");
        problem.textProperty().bind(editor.problemProperty());
        problem.visibleProperty().bind(editor.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        VBox fields = new VBox(6, url, key, model, problem);
        fields.visibleProperty().bind(use.selectedProperty());
        fields.managedProperty().bind(fields.visibleProperty());
        getChildren().addAll(use, fields);
    }

    private static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        return field;
    }
}
