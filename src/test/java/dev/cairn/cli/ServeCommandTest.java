package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code cairn serve}: a process that serves until it is stopped, and the options it refuses. */
class ServeCommandTest {

    private static final Pattern BASE_URL = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/v1) ");

    @Test
    void servesUntilStoppedWithATermSignal() throws Exception {
        Path model = Fixtures.model("stories260K.gguf");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.cairn.Launcher", "serve", "--model", model.toString(),
                "--port", "0", "--threads", "1", "--parallel", "2").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String banner = err.lines().filter(l -> l.startsWith("Serving ")).findFirst().orElseThrow();
            // stories260K was trained for 128 tokens: two sessions of half of that.
            assertTrue(banner.contains("2 sessions of 64 tokens, 16 may wait"), banner);
            Matcher url = BASE_URL.matcher(banner);
            assertTrue(url.find(), banner);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"Once upon a time\", \"max_tokens\": 8, \"temperature\": 0}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, reply.statusCode(), reply.body());
            JsonNode json = new ObjectMapper().readTree(reply.body());
            assertEquals(", there was a little girl", json.at("/choices/0/text").asText());
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server stopped on TERM");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void refusesAnOpenAddressWithoutAKeyAndSessionsTooSmall() {
        String model = Fixtures.model("stories260K.gguf").toString();
        CliTest.Outcome open = CliTest.cairn("serve", "--model", model, "--host", "0.0.0.0", "--port", "0");
        assertEquals(1, open.exitCode());
        assertTrue(open.stderr().contains("needs an API key (--api-key)"), open.stderr());
        CliTest.Outcome split = CliTest.cairn("serve", "--model", model, "--context", "64", "--parallel", "8", "--port", "0");
        assertEquals(1, split.exitCode());
        assertTrue(split.stderr().contains("split among 8 sessions leaves 8 each"), split.stderr());
        for (List<String> wrong : List.of(List.of("--parallel", "0"), List.of("--port", "70000"), List.of("--queue", "-1"))) {
            CliTest.Outcome outcome = CliTest.cairn(concat(List.of("serve", "--model", model), wrong));
            assertNotEquals(0, outcome.exitCode());
            assertTrue(outcome.stderr().startsWith("error: " + wrong.getFirst()), outcome.stderr());
        }
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
