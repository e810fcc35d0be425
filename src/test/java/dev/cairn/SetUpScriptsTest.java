package dev.cairn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's set-up commands on a machine whose default {@code java} is older than 25, and the CI script
 * that must never let a test skip.
 */
class SetUpScriptsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exitCode, String output) {
    }

    private static Run run(Path directory, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("CI");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    private static void script(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/usr/bin/env bash\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A JDK 17 as far as the scripts can tell: its {@code java} reports version 17 and its home. */
    private Path oldJdk() throws IOException {
        Path home = tmp.resolve("jdk-17");
        script(home.resolve("bin/java"), "echo '    java.home = " + home + "' >&2",
                "echo '    java.specification.version = 17' >&2", "echo 'openjdk version \"17.0.9\"' >&2");
        return home;
    }

    @Test
    void theWrapperFindsJdk25WhenTheDefaultJavaIsOlder() throws Exception {
        Path old = oldJdk();
        Map<String, String> env = Map.of("JAVA_HOME", old.toString(), "PATH", old.resolve("bin") + ":/usr/bin:/bin");
        Run version = run(ROOT, env, "./mvnw", "-v");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().contains("Java version: 25"), version.output());
    }

    /** A copy of the CI script with a stand-in for Maven that writes {@code reportBody} as its test report. */
    private Path ciCheckout(String reportBody) throws IOException {
        Path checkout = tmp.resolve("checkout");
        for (String file : List.of(".ci/run", ".ci/no-skipped-tests", ".mvn/find-jdk.sh")) {
            Files.createDirectories(checkout.resolve(file).getParent());
            Files.copy(ROOT.resolve(file), checkout.resolve(file));
        }
        script(checkout.resolve(".ci/javafx-libraries"), "true");
        script(checkout.resolve(".ci/vulkan-libraries"), "true");
        script(checkout.resolve(".ci/opencl-libraries"), "true");
        script(checkout.resolve("mvnw"), "echo \"maven ran with CI=$CI\"", "mkdir -p target/surefire-reports",
                "cat > target/surefire-reports/TEST-dev.cairn.SomeTest.xml <<'XML'", reportBody, "XML");
        return checkout;
    }

    @Test
    void ciRunsTheTestsWithCiSetSoMissingFixturesFail() throws Exception {
        Run ci = run(ciCheckout("<testsuite tests=\"1\" skipped=\"0\"><testcase name=\"runs\"/></testsuite>"), Map.of(),
                "bash", ".ci/run");
        assertEquals(0, ci.exitCode(), ci.output());
        assertTrue(ci.output().contains("maven ran with CI=true"), ci.output());
    }

    @Test
    void ciFailsWhenATestWasSkipped() throws Exception {
        Run ci = run(ciCheckout("<testsuite tests=\"1\" skipped=\"1\"><testcase name=\"needsAFixture\">"
                + "<skipped message=\"fixture missing\"/></testcase></testsuite>"), Map.of(), "bash", ".ci/run");
        assertNotEquals(0, ci.exitCode(), ci.output());
        assertTrue(ci.output().contains("tests were skipped, and in CI every test must run: dev.cairn.SomeTest"), ci.output());
    }
}
