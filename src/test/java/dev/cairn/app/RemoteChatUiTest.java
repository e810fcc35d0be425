package dev.cairn.app;

import static dev.cairn.app.AppHarness.fx;
import static dev.cairn.app.AppHarness.fxRun;
import static dev.cairn.app.AppHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.chat.ChatEntry;
import dev.cairn.app.chat.SamplingPreset;
import dev.cairn.chat.ChatFormat;
import dev.cairn.chat.ChatMessage;
import dev.cairn.runtime.Answerer;
import dev.cairn.runtime.ChatSettings;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.TemplateRenderer;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.server.OpenAiServer;
import dev.cairn.server.ServerOptions;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.collections.ObservableList;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat window answered by a server (Cairn's own, on loopback, with its own copy of stories260K and
 * an API key), and the status bar's switch that serves the window's loaded model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteChatUiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "window-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;

    private static LoadedModel remoteModel;
    private static OpenAiServer remote;
    private static AppHarness app;

    @BeforeAll
    static void open() throws Exception {
        remoteModel = LoadedModel.open(Fixtures.model("stories260K.gguf"), LoadOptions.resident(1));
        remote = OpenAiServer.start(remoteModel, remoteModel.defaultContext(),
                new ServerOptions("127.0.0.1", 0, KEY, 1, 4, ServerOptions.DEFAULT_MAX_BODY_BYTES, null));
        app = AppHarness.openWithStories(data);
    }

    @AfterAll
    static void close() throws Exception {
        if (app != null) {
            app.close();
        }
        if (remote != null) {
            remote.close();
            remoteModel.close();
        }
    }

    private static ObservableList<ChatEntry> entries() {
        return app.chat().entries();
    }

    private static boolean generating() {
        return fx(() -> app.chat().generatingProperty().get());
    }

    private static ChatEntry lastEntry() {
        return fx(() -> entries().getLast());
    }

    private static void ask(String text, int maxTokens) {
        app.click("#chat-new");
        ChoiceBox<SamplingPreset> presets = app.find("#chat-preset");
        Spinner<Integer> max = app.find("#chat-max-tokens");
        fxRun(() -> {
            presets.setValue(SamplingPreset.GREEDY);
            max.getValueFactory().setValue(maxTokens);
        });
        app.click("#chat-input");
        app.robot.write(text);
        app.click("#chat-send");
    }

    /** The greedy answer of a fresh session with the model's chat template: what the server's first answer is. */
    private static String greedyAnswer(String message, int maxTokens) {
        try (Answerer answerer = new Answerer(remoteModel, remoteModel.defaultContext())) {
            ChatSettings settings = new ChatSettings(new TemplateRenderer(ChatFormat.of(remoteModel.file().metadata(), "stories260K")),
                    SamplingParams.greedy(), maxTokens, List.of());
            return answerer.answer(List.of(ChatMessage.user(message)), settings, () -> false, text -> { }).text();
        }
    }

    @Test
    @Order(1)
    void theChatStreamsAnswersFromAServerAndSaysWhichModelAnswered() {
        CheckBox use = app.find("#chat-remote-use");
        fxRun(() -> use.setSelected(true));
        TextField url = app.find("#chat-remote-url");
        PasswordField key = app.find("#chat-remote-key");
        TextField model = app.find("#chat-remote-model");
        fxRun(() -> {
            url.setText(remote.baseUri().toString());
            key.setText(KEY);
            model.setText("stories260K");
        });
        waitUntil("the chat to name the server", WAIT, () -> ((Label) app.find("#chat-greeting")).getText()
                .equals("Chatting with stories260K at " + remote.baseUri() + "."));

        // The server's engine is held while the answer starts, so the window shows it mid-stream.
        remoteModel.transformer().exclusively(() -> {
            ask("Once upon a time", 30);
            waitUntil("the server's session to wait for its first pass", WAIT, () -> remoteModel.transformer().waitingForTurn() == 1);
        });
        remoteModel.transformer().exclusively(() -> waitUntil("the first words to show while the answer streams", WAIT,
                () -> generating() && !lastEntry().textProperty().get().isEmpty()));
        waitUntil("the answer", WAIT, () -> !generating() && lastEntry().statsProperty().get() != null);

        ChatEntry answer = lastEntry();
        assertEquals(ChatEntry.Kind.ASSISTANT, answer.kind());
        assertEquals(greedyAnswer("Once upon a time", 30), fx(() -> answer.textProperty().get()));
        String stats = fx(() -> ((Label) app.find(".answer-stats")).getText());
        assertTrue(stats.startsWith("30 tokens · first token ") && stats.endsWith(" · max tokens · prompt "
                + answer.statsProperty().get().promptTokens() + " tokens, " + answer.statsProperty().get().evaluatedTokens()
                + " new · stories260K.gguf"), stats);
        assertEquals("stories260K.gguf", fx(() -> answer.statsProperty().get().model()), "the conversation keeps who answered");
    }

    @Test
    @Order(2)
    void stopEndsARemoteAnswerAndTheServerFreesItsSession() {
        remoteModel.transformer().exclusively(() -> {
            ask("The cat sat on the mat", 90);
            waitUntil("the server's session to wait for its first pass", WAIT, () -> remoteModel.transformer().waitingForTurn() == 1);
        });
        remoteModel.transformer().exclusively(() -> {
            waitUntil("the answer to start", WAIT, () -> generating() && !lastEntry().textProperty().get().isEmpty());
            app.click("#chat-stop");
            waitUntil("the answer to stop", WAIT, () -> !generating());
        });
        String stats = fx(() -> lastEntry().statsProperty().get().toString());
        assertTrue(stats.contains(" · cancelled · "), stats);
        waitUntil("the server's session to be free", WAIT, () -> health("http://127.0.0.1:" + remote.port()).contains("\"busy\":0"));
    }

    @Test
    @Order(3)
    void aWrongKeyShowsTheServersWordsInTheConversation() {
        PasswordField key = app.find("#chat-remote-key");
        fxRun(() -> key.setText("wrong"));
        ask("Hello", 8);
        waitUntil("the error", WAIT, () -> !generating() && lastEntry().kind() == ChatEntry.Kind.ERROR);
        assertEquals("The answer failed: the server answered 401: the API key is not the one this server takes",
                fx(() -> lastEntry().textProperty().get()));
        CheckBox use = app.find("#chat-remote-use");
        fxRun(() -> use.setSelected(false));
        waitUntil("the chat to answer with the loaded model again", WAIT, () -> ((Label) app.find("#chat-greeting")).getText()
                .startsWith("Chatting with the built-in demo model") || ((Label) app.find("#chat-greeting")).getText()
                .equals("Chatting with stories260K.gguf."));
    }

    @Test
    @Order(4)
    void theStatusBarSwitchServesTheLoadedModelOnLoopback() throws Exception {
        fxRun(() -> app.context.settings().settingsProperty().set(app.context.settings().get().withServerPort(0)));
        app.click("#status-serve");
        waitUntil("the server to start", WAIT, () -> ((Label) app.find("#status-serve-url")).getText().startsWith("Serving at "));
        String base = fx(() -> ((Label) app.find("#status-serve-url")).getText()).substring("Serving at ".length());
        assertTrue(base.startsWith("http://127.0.0.1:") && base.endsWith("/v1"), base);
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"Once upon a time\", \"max_tokens\": 8, \"temperature\": 0}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals(", there was a little girl", new ObjectMapper().readTree(reply.body()).at("/choices/0/text").asText());
        app.click("#status-serve");
        waitUntil("the switch to be off", WAIT, () -> ((Label) app.find("#status-serve-url")).getText().isEmpty());
        String root = base.substring(0, base.length() - "/v1".length());
        waitUntil("the port to close", WAIT, () -> {
            try {
                health(root);
                return false;
            } catch (RuntimeException closed) {
                return true;
            }
        });
        assertThrows(RuntimeException.class, () -> health(root));
    }

    private static String health(String root) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(root + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
