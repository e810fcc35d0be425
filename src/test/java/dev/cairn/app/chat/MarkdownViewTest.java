package dev.cairn.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.OnFx;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** Markdown rendered into JavaFX nodes, and kept as it grows. */
class MarkdownViewTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static <T> T fx(Callable<T> action) {
        return OnFx.call(action);
    }

    private static List<Text> texts(Node root) {
        return root.lookupAll(".md-text").stream().map(Text.class::cast).toList();
    }

    @Test
    void rendersInlineStylesListsAndCodeBlocksWithACopyButton() throws Exception {
        MarkdownView view = fx(() -> {
            MarkdownView v = new MarkdownView();
            v.setMarkdown("# Title\n\nSome **bold** and *italic* and `code`.\n\n- one\n- two\n\n```java\nint x = 1;\n```\n");
            return v;
        });
        assertEquals(4, view.getChildren().size());
        List<Text> texts = texts(view);
        assertEquals("Title", texts.getFirst().getText());
        assertTrue(texts.getFirst().getStyleClass().contains("md-h1"));
        Text bold = texts.stream().filter(t -> t.getText().equals("bold")).findFirst().orElseThrow();
        assertTrue(bold.getStyleClass().contains("md-strong"));
        Text code = texts.stream().filter(t -> t.getText().equals("code")).findFirst().orElseThrow();
        assertTrue(code.getStyleClass().contains("md-code"));
        assertEquals(List.of("•", "•"), view.lookupAll(".md-marker").stream().map(n -> ((Label) n).getText()).toList());
        assertEquals("java", ((Label) view.lookup(".md-code-language")).getText());
        assertEquals("int x = 1;", ((Label) view.lookup(".md-code-text")).getText());

        Button copy = (Button) view.lookup(".md-copy");
        String copied = fx(() -> {
            copy.fire();
            return Clipboard.getSystemClipboard().getString();
        });
        assertEquals("int x = 1;", copied);
        assertEquals("Copied", copy.getText());
    }

    @Test
    void growingTextKeepsTheNodesItAlreadyShows() throws Exception {
        MarkdownView view = fx(() -> {
            MarkdownView v = new MarkdownView();
            v.setMarkdown("First paragraph.\n\nOnce upon");
            return v;
        });
        Node first = view.getChildren().getFirst();
        TextFlow growing = (TextFlow) view.getChildren().get(1);
        Text tail = (Text) growing.getChildren().getFirst();
        fx(() -> {
            view.setMarkdown("First paragraph.\n\nOnce upon a time\nthere was");
            return null;
        });
        assertSame(first, view.getChildren().getFirst(), "an unchanged block keeps its node");
        assertSame(growing, view.getChildren().get(1), "the growing paragraph keeps its node");
        assertSame(tail, growing.getChildren().getFirst(), "and its first run, updated in place");
        assertEquals(List.of("Once upon a time", "\n", "there was"), growing.getChildren().stream().map(n -> ((Text) n).getText()).toList());

        fx(() -> {
            view.setMarkdown("Different.");
            return null;
        });
        assertEquals(1, view.getChildren().size());
        assertEquals("Different.", texts(view).getFirst().getText());
    }
}
