package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.sampling.SamplingParams;
import dev.cairn.testing.Backends;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.Reference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Greedy decoding reproduces published and llama.cpp outputs token for token. */
class GreedyGenerationTest {

    private static final String STORY_PROMPT = "Once upon a time";

    private record Run(int[] tokens, byte[] bytes) {
    }

    private static Run greedy(LoadedModel model, String prompt, int maxTokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int[] promptTokens = model.tokenizer().encode(prompt, true);
        Generator.Result result = new Generator(model.transformer(), model.tokenizer()).generate(
                model.newState(promptTokens.length + maxTokens), promptTokens, SamplingParams.greedy(), maxTokens,
                token -> bytes.writeBytes(model.tokenizer().decode(token)));
        return new Run(result.tokens(), bytes.toByteArray());
    }

    /** The model on the CPU or on the Vulkan device the GPU tests use (the first GPU, else lavapipe). */
    private static LoadedModel open(Path file, String backend) throws IOException {
        return LoadedModel.open(file, Backends.resident(backend));
    }

    static Stream<Arguments> storiesOnEveryBackend() {
        return Backends.names().flatMap(backend -> Stream.of("stories260K", "stories260K-Q8_0", "stories260K-Q4_0")
                .map(name -> Arguments.of(name, backend)));
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#names")
    void stories260KContinuesWithThePublishedLlama2cText(String backend) throws IOException {
        String published = Files.readString(Fixtures.reference("stories260K.llama2c-greedy.txt"), StandardCharsets.UTF_8);
        Reference llamaCpp = Reference.load("stories260K.long");
        try (LoadedModel model = open(Fixtures.model("stories260K.gguf"), backend)) {
            Run run200 = greedy(model, STORY_PROMPT, 200);
            assertArrayEquals(llamaCpp.generatedTokens(), run200.tokens(), "200 greedy tokens equal llama.cpp's");
            String text200 = STORY_PROMPT + new String(run200.bytes(), StandardCharsets.UTF_8);
            assertTrue(published.startsWith(text200), "200 tokens are a prefix of the published text:\n" + text200);

            // The published text was generated with a longer budget: continue until it is covered whole.
            Run longer = greedy(model, STORY_PROMPT, 300);
            String text = STORY_PROMPT + new String(longer.bytes(), StandardCharsets.UTF_8);
            String expected = published.stripTrailing();
            assertTrue(text.length() >= expected.length(), "generated text is shorter than the published text");
            assertEquals(expected, text.substring(0, expected.length()));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("storiesOnEveryBackend")
    void quantizedStoriesGiveLlamaCppsGreedyTokens(String name, String backend) throws IOException {
        Reference ref = Reference.load(name);
        try (LoadedModel model = open(ref.model(), backend)) {
            Run run = greedy(model, "Once upon a time, there was a little robot who", ref.generatedTokens().length);
            assertArrayEquals(ref.generatedTokens(), run.tokens());
            assertArrayEquals(ref.generatedBytes(), run.bytes());
        }
    }
}
