package dev.cairn.app.core;

import dev.cairn.download.DataHome;
import java.nio.file.Path;

/**
 * Where the app keeps what it remembers (conversations, settings, model choices): the folder
 * {@link DataHome} names, which the command line shares.
 */
public record DataFolder(Path root) {

    public static final String PROPERTY = DataHome.PROPERTY;

    public static DataFolder resolve() {
        return new DataFolder(DataHome.resolve());
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
