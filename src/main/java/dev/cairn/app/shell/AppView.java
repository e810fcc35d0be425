package dev.cairn.app.shell;

import java.util.function.Supplier;
import javafx.scene.Node;

/**
 * One entry of the sidebar: an id other views can ask for ({@link dev.cairn.app.AppEvents.ShowView}), the
 * title shown, and how to build the view (once, when first shown).
 */
public record AppView(String id, String title, Supplier<Node> factory) {
}
