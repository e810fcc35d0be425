package dev.cairn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cairn} itself, run on the jar the build just packaged (an integration test: it runs after
 * {@code package}): on a machine without a window system, with JavaFX's headless platform, and where the
 * default {@code java} is older than 25.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    /** A hang guard only: each run ends by itself long before (or is ended once its sign is seen). */
    private static final long GUARD_SECONDS = 300;

    @TempDir
    Path tmp;

    private ProcessBuilder cairn(Map<String, String> environment, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("cairn").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().put("CAIRN_JAVA_OPTS", "-Dcairn.data.dir=" + tmp.resolve("data"));
        builder.environment().putAll(environment);
        builder.redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(tmp.resolve("stderr.txt").toFile());
        return builder;
    }

    private int finish(Process process) throws InterruptedException {
        if (!process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("./cairn did not end within " + GUARD_SECONDS + " s");
        }
        return process.exitValue();
    }

    /** stderr without the JVM's note that the Vector API is an incubator module. */
    private List<String> errorLines() throws IOException {
        return Files.readAllLines(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.equals("WARNING: Using incubator modules: jdk.incubator.vector")).toList();
    }

    @Test
    void withoutAWindowSystemTheAppSaysWhatIsMissingInOneLine() throws Exception {
        int exitCode = finish(cairn(Map.of()).start());
        List<String> errors = errorLines();
        assertEquals(1, exitCode, String.join("\n", errors));
        assertEquals(1, errors.size(), "one line, no stack trace: " + errors);
        assertTrue(errors.getFirst().startsWith("error: the desktop app needs ")
                && (errors.getFirst().contains("sudo apt-get install libgtk-3-0") || errors.getFirst().contains("DISPLAY")),
                errors.getFirst());
    }

    /** JavaFX on the module path: no "Unsupported JavaFX configuration" at start (and the demo model loads). */
    @Test
    void javaFxStartsAsModulesWithoutItsWarning() throws Exception {
        Path data = tmp.resolve("data");
        Process app = cairn(Map.of("CAIRN_JAVA_OPTS", "-Dglass.platform=Headless -Dprism.order=sw -Dcairn.data.dir=" + data))
                .start();
        try {
            // The models file is written once the demo model has loaded: the toolkit started long before.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            while (!Files.exists(data.resolve("models.json"))) {
                assertTrue(app.isAlive(), "the app ended early: " + errorLines());
                assertTrue(System.nanoTime() < deadline, "the demo model did not load: " + errorLines());
                Thread.sleep(100);
            }
        } finally {
            app.destroy();
            app.waitFor(GUARD_SECONDS, TimeUnit.SECONDS);
        }
        List<String> errors = errorLines();
        assertFalse(errors.stream().anyMatch(line -> line.contains("Unsupported JavaFX configuration")), String.join("\n", errors));
        assertFalse(errors.stream().anyMatch(line -> line.contains("Exception")), String.join("\n", errors));
    }

    @Test
    void theCommandLineFindsJdk25WhenTheDefaultJavaIsOlder() throws Exception {
        Path old = tmp.resolve("jdk-17");
        Files.createDirectories(old.resolve("bin"));
        Path java = old.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho '    java.home = " + old + "' >&2\necho '    java.specification.version = 17' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        int exitCode = finish(cairn(Map.of("JAVA_HOME", old.toString(), "PATH", old.resolve("bin") + ":/usr/bin:/bin"), "--help")
                .start());
        assertEquals(0, exitCode, String.join("\n", errorLines()));
        assertTrue(Files.readString(tmp.resolve("stdout.txt")).startsWith("Usage: cairn"), Files.readString(tmp.resolve("stdout.txt")));
    }
}
