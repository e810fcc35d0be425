package dev.cairn.download;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Cairn keeps what it remembers, for the app and the command line alike: the system property
 * {@code cairn.data.dir} when set (tests point it at a temporary folder), else {@code $XDG_DATA_HOME/cairn},
 * else {@code ~/.local/share/cairn}.
 */
public final class DataHome {

    public static final String PROPERTY = "cairn.data.dir";

    private DataHome() {
    }

    public static Path resolve() {
        return resolve(System.getenv());
    }

    static Path resolve(Map<String, String> environment) {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = environment.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("cairn");
    }
}
