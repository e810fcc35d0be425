package dev.cairn.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared fixtures (real GGUF models and reference outputs), found through the one setting
 * {@code -Dcairn.fixtures} (default {@code ../shared/fixtures}). Under {@code CI=true} a missing fixture
 * fails the test instead of skipping it.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        return Path.of(System.getProperty("cairn.fixtures", "../shared/fixtures"));
    }

    /** The fixture at {@code relative} (e.g. {@code models/stories260K.gguf}). */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            String message = "fixture missing: " + path.toAbsolutePath();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: fixtures are required)");
            }
            Assumptions.abort(message);
        }
        return path;
    }

    public static Path model(String fileName) {
        return require("models/" + fileName);
    }

    public static Path reference(String fileName) {
        return require("reference/" + fileName);
    }
}
