package dev.cairn.app.shell;

import dev.cairn.app.core.ViewId;
import java.util.function.Supplier;
import javafx.scene.Node;

/**
 * One entry of the sidebar: an id other views can ask for ({@link dev.cairn.app.core.AppEvents.ShowView}), the
 * title shown, and how to build the view (once, when first shown).
 */
public record AppView(ViewId id, String title, Supplier<Node> factory) {
}
