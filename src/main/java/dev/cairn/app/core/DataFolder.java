package dev.cairn.app.core;

import java.nio.file.Path;

/**
 * Where the app keeps what it remembers (conversations, settings, model choices): the system property
 * {@code cairn.data.dir} when set (tests point it at a temporary folder), else {@code $XDG_DATA_HOME/cairn},
 * else {@code ~/.local/share/cairn}.
 */
public record DataFolder(Path root) {

    public static final String PROPERTY = "cairn.data.dir";

    public static DataFolder resolve() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return new DataFolder(Path.of(override));
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return new DataFolder(base.resolve("cairn"));
    }

    public Path conversations() {
        return root.resolve("conversations");
    }

    public Path settingsFile() {
        return root.resolve("settings.json");
    }

    public Path modelsFile() {
        return root.resolve("models.json");
    }
}
