package dev.cairn.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden rendering in the shared fixtures (real models' templates, rendered by Hugging Face's
 * {@code apply_chat_template} with {@code strftime_now} fixed to 2026-07-26) comes out byte for byte, and
 * the templates' own {@code raise_exception} errors surface as {@link ChatTemplateException}s.
 */
class ChatTemplateGoldenTest {

    static final LocalDate GOLDEN_DATE = LocalDate.of(2026, 7, 26);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One golden file: the template, the request and the expected text or error. */
    record Golden(String name, Path template, ChatRequest request, String expected, String expectedError) {

        static Golden load(Path file) throws IOException {
            JsonNode json = JSON.readTree(file.toFile());
            ChatRequest request = new ChatRequest(ChatMessage.listFromJson(json.get("messages").toString()),
                    json.get("add_generation_prompt").asBoolean(), json.get("bos_token").asText(),
                    json.get("eos_token").asText(), GOLDEN_DATE.atStartOfDay());
            Path template = Fixtures.require("templates/src/" + json.get("template").asText());
            return new Golden(file.getFileName().toString(), template, request,
                    json.has("expected") ? json.get("expected").asText() : null,
                    json.has("expected_error") ? json.get("expected_error").asText() : null);
        }

        ChatTemplate parse() throws IOException {
            return ChatTemplate.parse(template.getFileName().toString(), Files.readString(template, StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Golden> goldens() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Fixtures.require("templates/golden"))) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 45, "expected the 45 golden renderings, found " + files.size());
        return files.stream().map(file -> {
            try {
                return Golden.load(file);
            } catch (IOException e) {
                throw new IllegalStateException(file + ": " + e.getMessage(), e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void rendersByteForByte(Golden golden) throws IOException {
        ChatTemplate template = golden.parse();
        if (golden.expectedError() == null) {
            assertEquals(golden.expected(), template.render(golden.request()));
            return;
        }
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> template.render(golden.request()));
        String raised = golden.expectedError().replaceFirst("^TemplateError: ", "");
        assertTrue(e.getMessage().contains(raised), e.getMessage());
        assertTrue(e.getMessage().startsWith(golden.template().getFileName() + ", line "), e.getMessage());
    }
}
