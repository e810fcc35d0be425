package dev.cairn.app;

import static dev.cairn.app.AppHarness.fx;
import static dev.cairn.app.AppHarness.fxRun;
import static dev.cairn.app.AppHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.chat.ChatEntry;
import dev.cairn.app.chat.ChatOptions;
import dev.cairn.app.chat.ChatView;
import dev.cairn.app.chat.ChatViewModel;
import dev.cairn.app.chat.Conversation;
import dev.cairn.app.chat.SamplingPreset;
import dev.cairn.app.models.ModelChoices;
import dev.cairn.runtime.Residency;
import dev.cairn.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javafx.collections.ObservableList;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conventions of chat apps, in the window on stories260K loaded with its trained context of 128 tokens:
 * Enter sends and Shift+Enter adds a line, a note when older messages no longer fit, the whole sampling
 * panel, copy, export, search, Stop before an answer starts, and the menu's shortcuts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatConventionsUiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path data;

    @TempDir
    static Path exports;

    private static AppHarness app;

    @BeforeAll
    static void openWithModel() throws Exception {
        app = AppHarness.openWithModel(data, Fixtures.model("stories260K.gguf"),
                new ModelChoices("CPU", Residency.AUTO, 60, 2, 1, 128));
    }

    @AfterAll
    static void close() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private static ChatViewModel chat() {
        return fx(() -> ((ChatView) app.find("#chat-view")).model());
    }

    private static ObservableList<ChatEntry> entries() {
        return chat().entries();
    }

    private static ChatEntry lastAnswer() {
        return fx(() -> entries().getLast());
    }

    private static boolean answered() {
        return fx(() -> !chat().generatingProperty().get() && !entries().isEmpty()
                && entries().getLast().kind() == ChatEntry.Kind.ASSISTANT && entries().getLast().statsProperty().get() != null);
    }

    private static void greedy(int maxTokens) {
        ChoiceBox<SamplingPreset> presets = app.find("#chat-preset");
        Spinner<Integer> max = app.find("#chat-max-tokens");
        fxRun(() -> {
            presets.setValue(SamplingPreset.GREEDY);
            max.getValueFactory().setValue(maxTokens);
        });
    }

    /** Types {@code text} into the composer and presses Enter. */
    private static void sendWithEnter(String text) {
        app.click("#chat-input");
        app.robot.write(text);
        app.robot.type(KeyCode.ENTER);
    }

    @Test
    @Order(1)
    void enterSendsAndShiftEnterAddsALine() {
        app.click("#chat-new");
        greedy(24);
        app.click("#chat-input");
        app.robot.write("Once upon");
        app.robot.press(KeyCode.SHIFT, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.SHIFT);
        app.robot.write("a time");
        TextArea input = app.find("#chat-input");
        assertEquals("Once upon\na time", fx(input::getText), "Shift+Enter adds a line");
        assertTrue(fx(() -> entries().isEmpty()), "and sends nothing");
        app.robot.type(KeyCode.ENTER);
        waitUntil("the answer", WAIT, ChatConventionsUiTest::answered);
        assertEquals("Once upon\na time", fx(() -> entries().getFirst().textProperty().get()), "Enter sent the message");
        assertEquals("", fx(input::getText));
    }

    @Test
    @Order(2)
    void aNoteSaysWhenOlderMessagesNoLongerFit() {
        // 128 tokens of context, 32 kept for the answer: the third exchange no longer has room for the first.
        greedy(32);
        for (String message : List.of(" The dog ran.", " The cat sat.", " The sun was hot.", " The end.")) {
            sendWithEnter(message);
            waitUntil("the answer", WAIT, ChatConventionsUiTest::answered);
            if (fx(() -> entries().stream().anyMatch(e -> e.kind() == ChatEntry.Kind.NOTE))) {
                break;
            }
        }
        List<ChatEntry> notes = fx(() -> entries().stream().filter(e -> e.kind() == ChatEntry.Kind.NOTE).toList());
        assertEquals(1, notes.size(), "one answer could not see everything");
        String note = fx(() -> notes.getFirst().textProperty().get());
        assertTrue(note.matches("The \\d+ oldest messages no longer fit the context of 128 tokens: this answer did not see them\\."),
                note);
        assertEquals(notes.getFirst(), fx(() -> entries().get(entries().size() - 2)), "the note stands above that answer");
        assertTrue(fx(() -> app.find(".message-note").isVisible()));
        Conversation saved = fx(() -> chat().conversations().selectedProperty().get());
        assertEquals(fx(() -> entries().size()) - 1, saved.messages().size(), "notes are shown, not kept: " + saved.messages());
    }

    @Test
    @Order(3)
    void minPRepeatPenaltyAndSeedAreInThePanelAndTheSeedMakesAnswersRepeat() {
        app.click("#chat-new");
        Spinner<Double> temperature = app.find("#chat-temperature");
        Spinner<Double> minP = app.find("#chat-min-p");
        Spinner<Double> repeatPenalty = app.find("#chat-repeat-penalty");
        Spinner<Integer> max = app.find("#chat-max-tokens");
        fxRun(() -> {
            temperature.getValueFactory().setValue(1.0);
            minP.getValueFactory().setValue(0.02);
            repeatPenalty.getValueFactory().setValue(1.1);
            max.getValueFactory().setValue(20);
        });
        app.click("#chat-seed");
        app.robot.write("1234");
        ChatOptions options = fx(() -> chat().conversations().selectedProperty().get().options());
        assertEquals(1.0, options.temperature());
        assertEquals(0.02, options.minP(), 1e-9);
        assertEquals(1.1, options.repeatPenalty(), 1e-9);
        assertEquals(1234L, options.seed(), "every field is saved with the conversation");

        sendWithEnter("Once upon a time");
        waitUntil("the answer", WAIT, ChatConventionsUiTest::answered);
        String first = fx(() -> lastAnswer().textProperty().get());
        fxRun(() -> max.getValueFactory().setValue(21));
        app.click("#chat-regenerate");
        waitUntil("the new answer", WAIT, ChatConventionsUiTest::answered);
        assertTrue(fx(() -> lastAnswer().textProperty().get()).startsWith(first), "the same seed writes the same text");
        String stats = fx(() -> lastAnswer().statsProperty().get().toString());
        assertTrue(stats.endsWith(", 1 new · stories260K.gguf"), "another answer length keeps the cache: only one prompt token evaluated: " + stats);

        TextField seed = app.find("#chat-seed");
        fxRun(seed::clear);
        assertNull(fx(() -> chat().conversations().selectedProperty().get().options().seed()), "empty: a new seed each answer");
    }

    @Test
    @Order(4)
    void copyPutsAMessageOnTheClipboard() {
        String answer = fx(() -> lastAnswer().textProperty().get());
        List<javafx.scene.Node> copies = fx(() -> List.copyOf(app.stage.getScene().getRoot().lookupAll(".copy-message")));
        app.robot.clickOn(copies.getLast());
        assertEquals(answer, fx(() -> Clipboard.getSystemClipboard().getString()));
        app.robot.clickOn(copies.getFirst());
        assertEquals("Once upon a time", fx(() -> Clipboard.getSystemClipboard().getString()));
    }

    @Test
    @Order(5)
    void aConversationExportsAsMarkdownAndJson() throws Exception {
        Conversation shown = fx(() -> chat().conversations().selectedProperty().get());
        Path markdown = exports.resolve("story.md");
        Path json = exports.resolve("story.json");
        fx(() -> chat().export(shown, markdown)).get();
        fx(() -> chat().export(shown, json)).get();
        String text = Files.readString(markdown);
        assertTrue(text.startsWith("# Once upon a time\n\n**You**\n\nOnce upon a time\n\n**Assistant**\n\n"), text);
        assertTrue(text.contains(shown.messages().get(1).content().strip()), text);
        JsonNode document = new ObjectMapper().readTree(json.toFile());
        assertEquals("Once upon a time", document.get("title").asText());
        assertEquals("user", document.get("messages").get(0).get("role").asText());
        assertEquals(shown.messages().get(1).content(), document.get("messages").get(1).get("content").asText());
        assertEquals(1.1, document.get("options").get("repeatPenalty").asDouble(), 1e-9);
    }

    @Test
    @Order(6)
    void searchFindsChatsByTitleOrText() {
        ListView<Conversation> list = app.find("#chat-conversations");
        assertEquals(2, fx(() -> list.getItems().size()));
        app.click("#chat-search");
        app.robot.write("the cat sat");
        assertEquals(List.of("Once upon\na time"), fx(() -> list.getItems().stream()
                .map(c -> c.messages().getFirst().content()).toList()), "found by the text of a message");
        TextField search = app.find("#chat-search");
        fxRun(() -> search.setText("ONCE UPON A"));
        assertEquals(1, fx(() -> list.getItems().size()), "found by title, ignoring case");
        fxRun(search::clear);
        assertEquals(2, fx(() -> list.getItems().size()));
    }

    /** A Stop clicked while the engine is still busy with something else ends the answer before it starts. */
    @Test
    @Order(7)
    void aStopBeforeTheAnswerStartsEndsIt() throws Exception {
        app.click("#chat-new");
        greedy(100);
        CountDownLatch engineBusy = new CountDownLatch(1);
        app.context.threads().engine().execute(() -> {
            try {
                engineBusy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sendWithEnter("Once upon a time");
        assertTrue(fx(() -> chat().generatingProperty().get()));
        app.click("#chat-stop");
        engineBusy.countDown();
        waitUntil("the answer to end", WAIT, ChatConventionsUiTest::answered);
        String stats = fx(() -> lastAnswer().statsProperty().get().toString());
        assertTrue(stats.startsWith("0 tokens · ") && stats.contains(" · cancelled · "), stats);
        assertEquals("", fx(() -> lastAnswer().textProperty().get()));
    }

    @Test
    @Order(8)
    void theMenuHasTheUsualShortcutsAndQuit() {
        int chats = fx(() -> chat().conversations().all().size());
        app.robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertTrue(fx(() -> app.stage.getScene().getRoot().lookup("#model-wizard") != null
                && app.stage.getScene().getRoot().lookup("#model-wizard").isVisible()), "Ctrl+2: the models");
        app.robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        assertEquals(chats + 1, fx(() -> chat().conversations().all().size()), "Ctrl+N: a new chat");
        assertTrue(fx(() -> app.stage.getScene().getRoot().lookup("#chat-view") != null), "shown in the chat view");
        assertFalse(fx(() -> app.stage.getScene().getRoot().lookup("#model-wizard") != null));
        app.robot.press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);
        assertFalse(fx(app.stage::isShowing), "Ctrl+Q: the window closes, and with it the app");
    }
}
