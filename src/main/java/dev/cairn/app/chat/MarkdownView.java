package dev.cairn.app.chat;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.ThematicBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Markdown as JavaFX nodes (no WebView): commonmark-java parses, and each block of its syntax tree
 * becomes a node, inline runs become styled {@link Text}s in a {@link TextFlow}. Code blocks get a Copy
 * button. Soft line breaks are kept as line breaks, as models mean them in chat answers.
 *
 * <p>While an answer streams the same text is set again and again, a little longer each time. New nodes
 * are what costs (each needs CSS), so top-level blocks whose source did not change keep their nodes, and
 * a growing last paragraph keeps the runs it already had, only its tail is updated.
 */
public final class MarkdownView extends VBox {

    private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

    private final List<String> blockSources = new ArrayList<>();

    public MarkdownView() {
        super(8);
        getStyleClass().add("markdown");
    }

    public void setMarkdown(String markdown) {
        Node document = PARSER.parse(markdown);
        ObservableList<javafx.scene.Node> shown = getChildren();
        int index = 0;
        for (Node block = document.getFirstChild(); block != null; block = block.getNext(), index++) {
            String source = source(block, markdown);
            if (index < blockSources.size() && blockSources.get(index).equals(source)) {
                continue;
            }
            if (index < shown.size() && block instanceof Paragraph paragraph && shown.get(index) instanceof TextFlow flow
                    && flow.getStyleClass().contains("md-paragraph")) {
                updateRuns(flow, paragraph);
            } else if (index < shown.size()) {
                shown.set(index, block(block));
            } else {
                shown.add(block(block));
            }
            if (index < blockSources.size()) {
                blockSources.set(index, source);
            } else {
                blockSources.add(source);
            }
        }
        if (index < shown.size()) {
            shown.remove(index, shown.size());
        }
        blockSources.subList(Math.min(index, blockSources.size()), blockSources.size()).clear();
    }

    private static String source(Node block, String markdown) {
        List<SourceSpan> spans = block.getSourceSpans();
        if (spans.isEmpty()) {
            return block.getClass().getSimpleName();
        }
        SourceSpan first = spans.getFirst();
        SourceSpan last = spans.getLast();
        return markdown.substring(first.getInputIndex(), last.getInputIndex() + last.getLength());
    }

    /** Makes {@code flow} show {@code paragraph}, keeping the runs it shows already. */
    private static void updateRuns(TextFlow flow, Paragraph paragraph) {
        List<javafx.scene.Node> runs = new ArrayList<>();
        inlines(paragraph, List.of("md-paragraph"), runs);
        ObservableList<javafx.scene.Node> shown = flow.getChildren();
        int same = 0;
        while (same < runs.size() && same < shown.size() && sameRun(runs.get(same), shown.get(same))) {
            same++;
        }
        if (same < runs.size() && same < shown.size() && shown.get(same) instanceof Text old
                && runs.get(same) instanceof Text now && old.getStyleClass().equals(now.getStyleClass())) {
            old.setText(now.getText());
            same++;
        }
        if (same < shown.size()) {
            shown.remove(same, shown.size());
        }
        shown.addAll(runs.subList(same, runs.size()));
    }

    private static boolean sameRun(javafx.scene.Node a, javafx.scene.Node b) {
        return a instanceof Text x && b instanceof Text y && x.getText().equals(y.getText())
                && x.getStyleClass().equals(y.getStyleClass());
    }

    private static List<javafx.scene.Node> blocks(Node parent) {
        List<javafx.scene.Node> nodes = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            nodes.add(block(child));
        }
        return nodes;
    }

    private static javafx.scene.Node block(Node node) {
        return switch (node) {
            case Paragraph p -> flow(p, "md-paragraph");
            case Heading h -> flow(h, "md-heading", "md-h" + h.getLevel());
            case FencedCodeBlock code -> codeBlock(code.getLiteral(), code.getInfo());
            case IndentedCodeBlock code -> codeBlock(code.getLiteral(), "");
            case BlockQuote quote -> styled(new VBox(6), "md-quote", blocks(quote));
            case BulletList list -> list(list, false, 1);
            case OrderedList list -> list(list, true, list.getMarkerStartNumber() == null ? 1 : list.getMarkerStartNumber());
            case ThematicBreak ignored -> new Separator();
            case HtmlBlock html -> new TextFlow(text(html.getLiteral(), List.of()));
            default -> styled(new VBox(6), "md-block", blocks(node));
        };
    }

    private static VBox styled(VBox box, String styleClass, List<javafx.scene.Node> children) {
        box.getStyleClass().add(styleClass);
        box.getChildren().setAll(children);
        return box;
    }

    private static TextFlow flow(Node parent, String... styleClasses) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().addAll(styleClasses);
        inlines(parent, List.of(styleClasses), flow.getChildren());
        return flow;
    }

    private static void inlines(Node parent, List<String> styles, List<javafx.scene.Node> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            switch (child) {
                case org.commonmark.node.Text t -> out.add(text(t.getLiteral(), styles));
                case Code code -> out.add(text(code.getLiteral(), with(styles, "md-code")));
                case Emphasis em -> inlines(em, with(styles, "md-em"), out);
                case StrongEmphasis strong -> inlines(strong, with(styles, "md-strong"), out);
                case Link link -> inlines(link, with(styles, "md-link"), out);
                case SoftLineBreak ignored -> out.add(text("\n", styles));
                case HardLineBreak ignored -> out.add(text("\n", styles));
                case HtmlInline html -> out.add(text(html.getLiteral(), styles));
                default -> inlines(child, styles, out);
            }
        }
    }

    private static List<String> with(List<String> styles, String added) {
        List<String> all = new ArrayList<>(styles);
        all.add(added);
        return all;
    }

    private static Text text(String literal, List<String> styles) {
        Text text = new Text(literal);
        text.getStyleClass().add("md-text");
        text.getStyleClass().addAll(styles);
        return text;
    }

    private static VBox list(Node list, boolean ordered, int start) {
        VBox box = new VBox(4);
        box.getStyleClass().add("md-list");
        int number = start;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (item instanceof ListItem) {
                Label marker = new Label(ordered ? number++ + "." : "•");
                marker.getStyleClass().add("md-marker");
                marker.setMinWidth(Region.USE_PREF_SIZE);
                VBox content = styled(new VBox(4), "md-item", blocks(item));
                HBox.setHgrow(content, Priority.ALWAYS);
                box.getChildren().add(new HBox(6, marker, content));
            }
        }
        return box;
    }

    private static VBox codeBlock(String code, String info) {
        String body = code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
        Label language = new Label(info == null || info.isBlank() ? "code" : info.strip().split("\\s+")[0]);
        language.getStyleClass().add("md-code-language");
        Button copy = new Button("Copy");
        copy.getStyleClass().addAll("md-copy", "small", "flat");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(body);
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox header = new HBox(8, language, spring, copy);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("md-code-header");
        Label text = new Label(body);
        text.getStyleClass().add("md-code-text");
        text.setWrapText(true);
        VBox block = new VBox(header, text);
        block.getStyleClass().add("md-code-block");
        return block;
    }
}
