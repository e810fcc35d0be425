package dev.cairn.app.shell;

import dev.cairn.app.chat.ChatView;
import dev.cairn.app.chat.ChatViewModel;
import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.ViewId;
import dev.cairn.app.inspector.InspectorView;
import dev.cairn.app.inspector.InspectorViewModel;
import java.util.List;

/**
 * The app's views, in sidebar order: the one place a view is registered. A view that needs the loaded
 * model observes {@link dev.cairn.app.core.AppState#loadedModelProperty()} (its metrics, for instance).
 */
public final class Navigation {

    private Navigation() {
    }

    public static List<AppView> views(AppContext app) {
        return List.of(
                new AppView(ViewId.CHATS, "Chats", () -> new ChatView(new ChatViewModel(app))),
                new AppView(ViewId.MODELS, "Models", () -> new ModelsArea(app)),
                new AppView(ViewId.INSPECTOR, "Inspector",
                        () -> new InspectorView(InspectorViewModel.watching(app.state().loadedModelProperty()))),
                new AppView(ViewId.SETTINGS, "Settings", () -> new SettingsArea(app)));
    }
}
