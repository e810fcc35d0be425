package dev.cairn.app;

import static dev.cairn.app.AppHarness.fx;
import static dev.cairn.app.AppHarness.fxRun;
import static dev.cairn.app.AppHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.app.chat.ChatEntry;
import dev.cairn.app.chat.ChatView;
import dev.cairn.app.chat.ChatViewModel;
import dev.cairn.app.chat.Conversation;
import dev.cairn.app.chat.ConversationList;
import dev.cairn.app.chat.SamplingPreset;
import dev.cairn.testing.Fixtures;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat window on stories260K, opened as {@code ./cairn --model stories260K.gguf} would open it:
 * greedy continuation, Stop, Regenerate, Edit-and-resend, a restart, and the FX thread's pulses while
 * an answer streams.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatUiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROMPT = "Once upon a time";

    @TempDir
    static Path data;

    private static AppHarness app;

    @BeforeAll
    static void openWithModel() throws Exception {
        app = AppHarness.openWithStories(data);
    }

    @AfterAll
    static void close() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private static ObservableList<ChatEntry> entries() {
        return fx(() -> ((ChatView) app.find("#chat-view")).model().entries());
    }

    private static boolean generating() {
        return fx(() -> ((ChatView) app.find("#chat-view")).model().generatingProperty().get());
    }

    private static void useSettings(SamplingPreset preset, int maxTokens) {
        ChoiceBox<SamplingPreset> presets = app.find("#chat-preset");
        Spinner<Integer> max = app.find("#chat-max-tokens");
        fxRun(() -> {
            presets.setValue(preset);
            max.getValueFactory().setValue(maxTokens);
        });
    }

    private static void send(String text) {
        app.click("#chat-input");
        app.robot.write(text);
        app.click("#chat-send");
    }

    private static ChatEntry lastAnswer() {
        return fx(() -> entries().getLast());
    }

    private static String expectedContinuation() throws Exception {
        String published = Files.readString(Fixtures.reference("stories260K.llama2c-greedy.txt"), StandardCharsets.UTF_8);
        assertTrue(published.startsWith(PROMPT));
        return published.substring(PROMPT.length()).stripTrailing();
    }

    @Test
    @Order(1)
    void greedyContinuationStreamsIn() throws Exception {
        app.click("#chat-new");
        useSettings(SamplingPreset.GREEDY, 300);
        Set<String> seen = recordTextOfTheNextAnswer();
        send(PROMPT);
        waitUntil("the answer", WAIT, () -> entries().size() == 2 && answered(lastAnswer()));
        ChatEntry answer = lastAnswer();

        String text = fx(() -> answer.textProperty().get());
        String expected = expectedContinuation();
        assertTrue(text.startsWith(expected), "the published continuation:\n" + text);
        assertTrue(seen.size() >= 2, "text arrived in pieces, not at once: " + seen.size() + " updates");
        String stats = fx(() -> answer.statsProperty().get().toString());
        assertTrue(stats.startsWith("300 tokens · first token ") && stats.contains(" · max tokens · prompt "), stats);
        String shown = renderedText(app.find(".message-assistant"));
        assertTrue(shown.startsWith(", there was a little girl named Lily. She loved to play outside in the park."), shown);
        assertTrue(fx(() -> ((Label) app.find(".answer-stats")).getText()).equals(stats));
        assertTrue(fx(() -> ((Label) app.find("#chat-context-text")).getText()).startsWith("Context: "));
        Screenshots.take(app.stage.getScene(), "chat");
    }

    /** Every text the next answer shows while it streams, from its first piece on. */
    private static Set<String> recordTextOfTheNextAnswer() {
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        fxRun(() -> entries().addListener((javafx.collections.ListChangeListener<ChatEntry>) change -> {
            while (change.next()) {
                change.getAddedSubList().stream().filter(e -> e.kind() == ChatEntry.Kind.ASSISTANT)
                        .forEach(e -> e.textProperty().addListener((obs, old, now) -> seen.add(now)));
            }
        }));
        return seen;
    }

    /** Whether {@code entry} is a finished answer (its stats are set when it ends). */
    private static boolean answered(ChatEntry entry) {
        return entry.kind() == ChatEntry.Kind.ASSISTANT && entry.statsProperty().get() != null && !generating();
    }

    private static String renderedText(Node message) {
        return fx(() -> message.lookupAll(".md-text").stream().map(n -> ((Text) n).getText())
                .reduce("", String::concat));
    }

    @Test
    @Order(2)
    void regenerateGivesTheGreedyAnswerAgain() {
        ChatEntry previous = lastAnswer();
        String first = fx(() -> previous.textProperty().get());
        app.click("#chat-regenerate");
        waitUntil("the new answer", WAIT, () -> lastAnswer() != previous && answered(lastAnswer()));
        assertEquals(2, entries().size(), "the answer was replaced, not added");
        assertEquals(first, fx(() -> lastAnswer().textProperty().get()));
    }

    @Test
    @Order(3)
    void editAndResendAnswersTheEditedMessage() {
        ChatEntry previous = lastAnswer();
        String before = fx(() -> previous.textProperty().get());
        app.click(".edit-message");
        TextArea editor = app.find(".edit-text");
        fxRun(() -> editor.setText("The cat sat on the mat"));
        app.click(".resend");
        waitUntil("the new answer", WAIT, () -> lastAnswer() != previous && answered(lastAnswer()));
        assertEquals(2, entries().size());
        assertEquals("The cat sat on the mat", fx(() -> entries().getFirst().textProperty().get()));
        assertNotEquals(before, fx(() -> lastAnswer().textProperty().get()));
    }

    @Test
    @Order(4)
    void stopCancelsMidAnswerWhileTheWindowStaysResponsive() {
        app.click("#chat-new");
        useSettings(SamplingPreset.GREEDY, 4000);
        send(PROMPT);
        waitUntil("the answer to start", WAIT, () -> entries().size() == 2);
        FrameGaps gaps = new FrameGaps();
        fxRun(gaps::start);
        waitUntil("a long stretch of answer", WAIT, () -> lastAnswer().textProperty().get().length() > 1500);
        assertTrue(generating(), "still writing when Stop is clicked");
        app.click("#chat-stop");
        waitUntil("the answer to stop", WAIT, () -> !generating());
        fxRun(gaps::stop);

        ChatEntry answer = lastAnswer();
        String stats = fx(() -> answer.statsProperty().get().toString());
        assertTrue(stats.contains(" · cancelled · "), stats);
        int tokens = fx(() -> answer.statsProperty().get().tokens());
        assertTrue(tokens < 4000, tokens + " tokens");
        String report = String.format(Locale.ROOT, "longest gap between FX pulses while answering: %.1f ms over %d frames,"
                + " %.1f ms of it the app's own (the rest: pulse timer, FX thread and renderer waiting for a CPU%s); FX thread busy %.0f%%,"
                + " renderer %.0f%%; system load average %.1f on %d cores", gaps.longestMillis(), gaps.frames(),
                gaps.longestOwnMillis(), gaps.knowsWaits() ? "" : ": not measurable here", 100 * gaps.fxThreadBusyShare(),
                100 * gaps.rendererBusyShare(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("responsiveness: " + report);
        assertTrue(gaps.frames() > 10, "pulses ran: " + gaps.frames());
        // Two cores: when other processes keep them busy, a pulse waits for a CPU, not for the app. The
        // app is held to what it causes itself: its own work, or the FX thread waiting on something.
        assertTrue(gaps.longestOwnMillis() < 50, report);
        assertTrue(gaps.longestMillis() < 250, "no freeze, whatever the machine is doing: " + report);
    }

    @Test
    @Order(5)
    void anAnswerThatFailsShowsItsErrorInTheConversation() {
        app.click("#chat-new");
        TextArea input = app.find("#chat-input");
        fxRun(() -> input.setText("Once upon a time ".repeat(1000)));
        app.click("#chat-send");
        waitUntil("the error", WAIT, () -> !generating() && entries().size() == 2);
        ChatEntry error = lastAnswer();
        assertEquals(ChatEntry.Kind.ERROR, error.kind());
        assertTrue(fx(() -> error.textProperty().get()).startsWith("The answer failed: the last message ("), error.textProperty().get());
        assertTrue(fx(() -> app.find(".message-error").isVisible()));
        fxRun(() -> input.setText("Once more"));
        assertFalse(fx(() -> ((Button) app.find("#chat-send")).isDisabled()), "the window goes on: a new message can be sent");
    }

    @Test
    @Order(6)
    void conversationsSurviveARestart() throws Exception {
        ChatViewModel chats = fx(() -> ((ChatView) app.find("#chat-view")).model());
        ConversationList saved = chats.conversations();
        Conversation failed = fx(() -> saved.selectedProperty().get());
        assertEquals(1, failed.messages().size(), "the error is shown, not kept: " + failed.messages());
        fxRun(() -> saved.delete(failed));
        Conversation stopped = fx(() -> saved.all().getFirst());
        fxRun(() -> saved.selectedProperty().set(stopped));
        TextArea systemPrompt = app.find("#chat-system-prompt");
        fxRun(() -> systemPrompt.setText("Tell stories for children."));
        fxRun(() -> saved.rename(saved.selectedProperty().get(), "Stopped story"));
        List<Conversation> before = fx(() -> List.copyOf(saved.all()));
        assertEquals(List.of("Stopped story", PROMPT), before.stream().map(Conversation::title).toList());
        app.close();
        app = AppHarness.open(data);
        app.click("#nav-chats");
        ListView<Conversation> list = app.find("#chat-conversations");
        List<Conversation> after = fx(() -> List.copyOf(list.getItems()));
        assertEquals(before.stream().map(Conversation::id).toList(), after.stream().map(Conversation::id).toList());
        assertEquals(List.of("Stopped story", PROMPT), after.stream().map(Conversation::title).toList());
        Conversation edited = after.stream().filter(c -> c.title().equals(PROMPT)
                && c.messages().getFirst().content().equals("The cat sat on the mat")).findFirst().orElseThrow();
        assertEquals(SamplingPreset.GREEDY, edited.options().preset());
        fxRun(() -> list.getSelectionModel().select(edited));
        assertEquals(2, entries().size());
        assertEquals(edited.messages().get(1).content(), fx(() -> lastAnswer().textProperty().get()));
        assertTrue(((Button) app.find("#chat-send")).isDisabled(), "no model is loaded after the restart");
        fxRun(() -> list.getSelectionModel().select(after.getFirst()));
        assertEquals("Tell stories for children.", fx(() -> ((TextArea) app.find("#chat-system-prompt")).getText()));
    }
}
