package dev.cairn.cli;

import static dev.cairn.cli.CliTest.assertOneErrorLine;
import static dev.cairn.cli.CliTest.cairn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that deserve a clear answer: each mistake ends with a non-zero exit and one line that names the
 * option and says what it takes, never a stack trace, a usage dump or a library's internals.
 */
class CliInputsTest {

    private static final String PROMPT = "Once upon a time";

    @TempDir
    Path tmp;

    private static String model() {
        return Fixtures.model("stories260K.gguf").toString();
    }

    private static CliTest.Outcome generate(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--model", model(), "--prompt", PROMPT));
        args.addAll(List.of(options));
        return cairn(args.toArray(String[]::new));
    }

    @Test
    void anAnswerOfNoTokensIsRefused() {
        assertOneErrorLine(generate("--max-tokens", "0"), "error: --max-tokens must be at least 1, was 0");
        assertOneErrorLine(generate("--max-tokens", "-3"), "error: --max-tokens must be at least 1, was -3");
        assertOneErrorLine(cairn("chat", "--model", model(), "--max-tokens", "0"), "error: --max-tokens must be at least 1");
    }

    @Test
    void moreThreadsThanCoresIsRefused() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertOneErrorLine(generate("--threads", "1000"), "error: --threads 1000 is more than the " + cores
                + " cores here: use at most " + cores);
        assertOneErrorLine(generate("--threads", "0"), "error: --threads must be at least 1");
        assertOneErrorLine(generate("--prefetch", "0"), "error: --prefetch must be at least 1");
    }

    @Test
    void valuesOutOfRangeNameTheirOptionNotAFieldName() {
        assertOneErrorLine(generate("--top-p", "3"), "error: --top-p must be in (0, 1] (1 means off), got 3.0");
        assertOneErrorLine(generate("--repeat-penalty", "0"), "error: --repeat-penalty must be a finite number > 0");
        assertOneErrorLine(generate("--budget", "lots"), "error: --budget: budget must be bytes (1.5G, 800M, 4096) or a share of RAM (25%)");
        assertOneErrorLine(generate("--residency", "cloud"), "error: --residency: residency must be auto, resident or streaming");
    }

    /** stories260K was trained on 128 tokens: a longer prompt no longer grows the context past that. */
    @Test
    void aPromptLongerThanTheTrainedContextIsAnErrorUnlessTheContextIsChosen() {
        String longPrompt = "Once upon a time there was a cat. ".repeat(30);
        CliTest.Outcome tooLong = cairn("generate", "--model", model(), "--prompt", longPrompt, "--max-tokens", "8");
        assertOneErrorLine(tooLong, "error: the prompt is ");
        assertTrue(tooLong.stderr().contains("tokens, and the context 128 tokens (the length stories260K.gguf was trained for): "
                + "shorten the prompt, or raise --context"), tooLong.stderr());

        CliTest.Outcome chosen = cairn("generate", "--model", model(), "--prompt", longPrompt, "--max-tokens", "8",
                "--context", "512", "--temperature", "0");
        assertEquals(0, chosen.exitCode(), chosen.stderr());
        assertTrue(chosen.stderr().startsWith("warning: --context 512 is more than the 128 tokens stories260K.gguf was "
                + "trained for: text past 128 tokens will likely be poor"), chosen.stderr());
        assertTrue(chosen.stderr().contains("generated 8 tokens"), chosen.stderr());
    }

    @Test
    void aDirectoryAsTheModelSaysSo() {
        assertOneErrorLine(cairn("generate", "--model", tmp.toString(), "--prompt", PROMPT),
                "error: " + tmp + ": is a directory, not a GGUF file");
        assertOneErrorLine(cairn("inspect", "--model", tmp.toString()), "error: " + tmp + ": is a directory");
    }

    @Test
    void aTruncatedFileSaysItIsTruncated() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        for (int length : new int[] {20, 4000, 1_000_000}) {
            Path cut = tmp.resolve("cut-" + length + ".gguf");
            Files.write(cut, Arrays.copyOf(whole, length));
            CliTest.Outcome o = cairn("generate", "--model", cut.toString(), "--prompt", PROMPT);
            assertEquals(2, o.exitCode(), o.stderr());
            String prefix = "error: " + cut + ": ";
            assertTrue(o.stderr().startsWith(prefix) && o.stderr().substring(prefix.length()).contains("truncated")
                    && o.stderr().lines().count() == 1, o.stderr());
        }
    }

    @Test
    void malformedMessagesSayWhereWithoutJacksonsWords() throws IOException {
        Path messages = tmp.resolve("messages.json");
        Files.writeString(messages, "[{\"role\": ");
        CliTest.Outcome o = cairn("chat-template", "--model", model(), "--messages", messages.toString());
        assertOneErrorLine(o, "error: --messages " + messages + ": messages are not valid JSON at line 1, column 11: "
                + "the text ends before the JSON does");
        Files.writeString(messages, "[{\"role\" \"user\"}]");
        o = cairn("chat-template", "--model", model(), "--messages", messages.toString());
        assertOneErrorLine(o, "error: --messages " + messages + ": messages are not valid JSON at line 1, column ");
        assertFalse(o.stderr().contains("Unexpected character") || o.stderr().contains("code 34"), o.stderr());
    }

    @Test
    void anUnknownOptionIsOneLineAndAHint() {
        CliTest.Outcome o = generate("--top-kk", "5");
        assertEquals(2, o.exitCode());
        assertEquals(List.of("error: Unknown options: '--top-kk', '5'",
                "Try 'cairn generate --help' for the options; did you mean --top-k or --top-p?"), o.stderr().lines().toList());
        CliTest.Outcome typo = cairn("generat", "--model", model());
        assertEquals(2, typo.stderr().lines().count(), typo.stderr());
        assertTrue(typo.stderr().lines().toList().get(1).startsWith("Try 'cairn --help' for the options"), typo.stderr());
    }
}
