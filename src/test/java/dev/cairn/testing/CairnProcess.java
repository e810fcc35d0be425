package dev.cairn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./cairn} on the packaged jar in a process of its own, for the integration tests: a missing GPU
 * loader or driver can only be shown to a JVM that has not loaded it yet.
 */
public final class CairnProcess {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final long GUARD_SECONDS = 120; // a hang guard only

    private CairnProcess() {
    }

    /** How a run ended: its exit code, its standard output and its error lines (without the JDK's incubator warning). */
    public record Run(int exitCode, String out, List<String> errors) {
    }

    /** Runs {@code ./cairn args} with {@code environment} added, its output kept under {@code tmp}. */
    public static Run cairn(Path tmp, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("cairn").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().putAll(environment);
        builder.redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(tmp.resolve("stderr.txt").toFile());
        Process process = builder.start();
        if (!process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("./cairn did not end within " + GUARD_SECONDS + " s");
        }
        List<String> errors = Files.readAllLines(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.equals("WARNING: Using incubator modules: jdk.incubator.vector")).toList();
        return new Run(process.exitValue(), Files.readString(tmp.resolve("stdout.txt")), errors);
    }

    /** {@code cairn logits} of two tokens of stories260K, with {@code options} added. */
    public static Run logits(Path tmp, Map<String, String> environment, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("logits", "-m", Fixtures.model("stories260K.gguf").toString(),
                "--tokens", "1,403", "-o", tmp.resolve("logits.f32").toString()));
        args.addAll(List.of(options));
        return cairn(tmp, environment, args.toArray(String[]::new));
    }

    /** Exit code 2 and one error line, no stack trace, that contains {@code expected}. */
    public static void assertOneLineExit2(Run run, String expected) {
        assertEquals(2, run.exitCode(), String.join("\n", run.errors()));
        assertEquals(1, run.errors().size(), "one line, no stack trace: " + run.errors());
        assertTrue(run.errors().getFirst().startsWith("error: ") && run.errors().getFirst().contains(expected),
                run.errors().getFirst());
    }
}
