package dev.cairn.app.core;

import java.util.Locale;

/**
 * The app's views, as other views ask for them ({@link AppEvents.ShowView}). Here rather than with the
 * shell that builds them, so a view can name another without depending on the shell.
 */
public enum ViewId {
    CHATS, MODELS, INSPECTOR, SETTINGS;

    /** The name in node ids ({@code #nav-chats}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
