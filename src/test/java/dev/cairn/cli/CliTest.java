package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.gguf.GgufCorruptionTest;
import dev.cairn.gpu.opencl.OpenClTestDevice;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.ProcessMemory;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.Reference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as users and scripts call it: exit codes, stdout and stderr. */
class CliTest {

    @TempDir
    Path tmp;

    record Outcome(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    static synchronized Outcome cairn(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CairnCommand.run(args);
            return new Outcome(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void benchReportsTheMedianOfItsRoundsAgainstThePeerInTheSameRun() throws IOException {
        Outcome outcome = cairn("bench", "--model", Fixtures.model("stories260K.gguf").toString(), "--threads", "2",
                "--prompt-tokens", "16", "--gen-tokens", "8", "--repeat", "3", "--peer", "llamacpp-jni", "--json");
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        JsonNode bench = new ObjectMapper().readTree(outcome.out());
        JsonNode rounds = bench.get("rounds");
        assertEquals(3, rounds.size());
        assertEquals(3, bench.get("repeat").asInt());
        double[] decode = new double[3];
        double[] peerDecode = new double[3];
        for (int i = 0; i < 3; i++) {
            decode[i] = rounds.get(i).get("decode_tokens_per_second").asDouble();
            peerDecode[i] = rounds.get(i).get("peer_decode_tokens_per_second").asDouble();
            assertTrue(decode[i] > 0 && peerDecode[i] > 0, rounds.toString());
        }
        Arrays.sort(decode);
        Arrays.sort(peerDecode);
        assertEquals(decode[1], bench.get("decode_tokens_per_second").asDouble());
        assertEquals(peerDecode[1], bench.get("peer").get("decode_tokens_per_second").asDouble());
        assertEquals(decode[1] / peerDecode[1], bench.get("peer").get("decode_ratio").asDouble(), 1e-12);
        long mapped = bench.get("model_mapped_bytes").asLong();
        assertTrue(mapped > 0 && bench.get("model_mapped_2mib_page_bytes").asLong() <= mapped, bench.toString());
    }

    @Test
    void benchRefusesZeroRounds() {
        Outcome outcome = cairn("bench", "--model", Fixtures.model("stories260K.gguf").toString(), "--repeat", "0");
        assertTrue(outcome.exitCode() != 0);
        assertTrue(outcome.stderr().contains("--repeat"), outcome.stderr());
    }

    @Test
    void generateStreamsOnlyTheGeneratedTextGreedily() {
        Reference ref = Reference.load("stories260K");
        Outcome o = cairn("generate", "--model", ref.model().toString(), "--prompt",
                "Once upon a time, there was a little robot who", "--temperature", "0", "--max-tokens", "24");
        assertEquals(0, o.exitCode(), o.stderr());
        assertArrayEquals(ref.generatedBytes(), o.stdout(), o.out());
        assertTrue(o.stderr().contains("generated 24 tokens"), o.stderr());
    }

    @Test
    void streamingGenerateWritesTheSameTextAndItsLayerTraffic(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Reference ref = Reference.load("stories260K");
        Path stats = dir.resolve("stats.json");
        // The budget is the whole process's: this JVM's own memory, plus 1 MiB for the model.
        long budget = ProcessMemory.baselineBytes() + (1 << 20);
        Outcome o = cairn("generate", "--model", ref.model().toString(), "--prompt",
                "Once upon a time, there was a little robot who", "--temperature", "0", "--max-tokens", "24",
                "--residency", "streaming", "--budget", String.valueOf(budget), "--prefetch", "1", "--stats", "--stats-json",
                stats.toString());
        assertEquals(0, o.exitCode(), o.stderr());
        assertArrayEquals(ref.generatedBytes(), o.stdout(), o.out());
        assertTrue(o.stderr().contains("note: streaming layers within " + Bytes.format(budget)), o.stderr());
        assertTrue(o.stderr().contains("summary: 40 tokens"), o.stderr()); // 17 prompt tokens, then 23 decoded
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stats.toFile());
        assertEquals(24, json.get("tokens").size(), "a row for the prompt and one per further token");
        assertTrue(json.get("tokens").get(1).has("sync_loads") && json.get("tokens").get(1).has("io_wait_ms"));
        assertEquals(budget, json.get("summary").get("budget_bytes").asLong());
        assertTrue(json.get("summary").get("bytes_read").asLong() > 0);
        assertTrue(json.get("summary").get("peak_cache_bytes").asLong() <= budget - ProcessMemory.baselineBytes());
    }

    @Test
    void sameSeedGivesTheSameText() {
        String model = Fixtures.model("stories260K.gguf").toString();
        String[] args = {"generate", "--model", model, "--prompt", "Once upon a time", "--temperature", "1.0",
                "--seed", "7", "--max-tokens", "40"};
        Outcome first = cairn(args);
        Outcome second = cairn(args);
        assertEquals(0, first.exitCode(), first.stderr());
        assertEquals(first.out(), second.out());
        Outcome other = cairn(Arrays.stream(args).map(a -> a.equals("7") ? "8" : a).toArray(String[]::new));
        assertTrue(!other.out().equals(first.out()), "a different seed should give a different story");
    }

    @Test
    void logitsWritesTeacherForcedRows() throws IOException {
        logitsWithinTheReferenceBound(Reference.load("stories260K"), 1e-6);
    }

    /**
     * {@code cairn logits --backend opencl} (PoCL in CI) on every fixture model, within ReferenceLogitsTest's
     * bounds, with an F32 KV cache as the references were computed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Reference#names")
    void logitsOnOpenClMeetTheFloat64ReferenceOnEveryFixtureModel(String name) throws IOException {
        Reference ref = Reference.load(name);
        boolean f32 = ref.modelFile().equals("stories260K.gguf") || ref.modelFile().contains("-F32");
        logitsWithinTheReferenceBound(ref, f32 ? 1e-6 : 1e-4, "--kv-type", "f32", "--backend",
                "opencl:" + OpenClTestDevice.index());
    }

    /** Writes {@code ref}'s teacher-forced rows with {@code cairn logits} and checks each against the float64 reference. */
    private void logitsWithinTheReferenceBound(Reference ref, double bound, String... options) throws IOException {
        int[] tokens = ref.teacherForcedTokens();
        Path out = tmp.resolve("logits.f32");
        String ids = Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of("logits", "--model", ref.model().toString(), "--tokens", ids, "--out",
                out.toString()));
        args.addAll(List.of(options));
        Outcome o = cairn(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.stderr());
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((long) tokens.length * ref.vocabSize() * 4, bytes.remaining());
        float[][] exact = ref.exactLogits();
        for (int r = 0; r < exact.length; r++) {
            float[] row = new float[ref.vocabSize()];
            bytes.asFloatBuffer().get(row);
            bytes.position(bytes.position() + row.length * 4);
            double nmse = Reference.nmse(row, exact[r]);
            assertTrue(nmse <= bound, ref.name() + " row " + r + ": NMSE " + nmse + " > " + bound);
        }
    }

    @Test
    void inspectDescribesAModel() {
        Outcome o = cairn("inspect", "--model", Fixtures.model("stories260K.gguf").toString());
        assertEquals(0, o.exitCode(), o.stderr());
        String text = o.out();
        assertTrue(text.contains("architecture:   llama"), text);
        assertTrue(text.contains("layers 5"), text);
        assertTrue(text.contains("tokenizer:      llama, 512 tokens"), text);
        assertTrue(text.contains("chat template:  absent"), text);
        assertTrue(text.contains("F32"), text);
    }

    @Test
    void inspectDescribesAVocabularyOnlyFile() {
        Outcome o = cairn("inspect", "--model", Fixtures.require("vocab/ggml-vocab-qwen2.gguf").toString());
        assertEquals(0, o.exitCode(), o.stderr());
        assertTrue(o.out().contains("runnable:       no: "), o.out());
        assertTrue(o.out().contains("tokenizer:      gpt2, "), o.out());
    }

    @Test
    void inspectOnABadFileExitsWithCode2AndOneLine() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        Path truncated = tmp.resolve("truncated.gguf");
        Files.write(truncated, Arrays.copyOf(good, 1000));
        Outcome o = cairn("inspect", "--model", truncated.toString());
        assertEquals(2, o.exitCode());
        assertEquals("", o.out());
        String[] lines = o.stderr().strip().split("\n");
        assertEquals(1, lines.length, o.stderr());
        assertTrue(lines[0].matches("error: .*truncated\\.gguf: .* at byte \\d+"), lines[0]);

        Outcome verbose = cairn("inspect", "--model", truncated.toString(), "--verbose");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.stderr().contains("GgufFormatException"), "--verbose prints the stack trace");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.gguf.GgufCorruptionTest#corruptions")
    void inspectReportsEveryCorruptionOnOneLine(GgufCorruptionTest.Corruption corruption) throws IOException {
        Path file = tmp.resolve("corrupt.gguf");
        Files.write(file, corruption.bytes());
        Outcome o = cairn("inspect", "--model", file.toString());
        assertEquals(2, o.exitCode(), o.stderr());
        assertEquals("", o.out());
        String expected = "error: " + file + ": ";
        assertTrue(o.stderr().startsWith(expected) && o.stderr().contains(corruption.fragment())
                && o.stderr().endsWith(" at byte " + corruption.offset() + System.lineSeparator())
                && o.stderr().lines().count() == 1, o.stderr());
    }

    @Test
    void tokenizePrintsIdsAsAJsonArrayWithBosAsTheModelSays() {
        String spm = Fixtures.require("vocab/ggml-vocab-llama-spm.gguf").toString();
        Outcome o = cairn("tokenize", "--model", spm, "--text", "Hello world");
        assertEquals(0, o.exitCode(), o.stderr());
        assertEquals("[1,15043,3186]" + System.lineSeparator(), o.out());
        Outcome noBos = cairn("tokenize", "--model", spm, "--text", "Hello world", "--no-bos");
        assertEquals("[15043,3186]", noBos.out().strip());
    }

    @Test
    void tokenizeReadsAFileAndParsesSpecialTokensOnlyWhenAsked() throws IOException {
        String qwen = Fixtures.require("vocab/ggml-vocab-qwen2.gguf").toString();
        Path text = tmp.resolve("chat.txt");
        Files.writeString(text, "<|im_start|>Hello world", StandardCharsets.UTF_8);
        Outcome parsed = cairn("tokenize", "--model", qwen, "--text-file", text.toString(), "--parse-special");
        assertEquals(0, parsed.exitCode(), parsed.stderr());
        assertEquals("[151644,9707,1879]", parsed.out().strip());
        Outcome plain = cairn("tokenize", "--model", qwen, "--text-file", text.toString());
        assertTrue(!plain.out().contains("151644") && plain.out().strip().endsWith(",9707,1879]"), plain.out());
    }

    @Test
    void tokenizeWantsExactlyOneText() {
        String qwen = Fixtures.require("vocab/ggml-vocab-qwen2.gguf").toString();
        assertEquals(2, cairn("tokenize", "--model", qwen).exitCode());
        assertEquals(2, cairn("tokenize", "--model", qwen, "--text", "a", "--text-file", "b").exitCode());
    }

    @Test
    void missingFileIsAClearError() {
        Outcome o = cairn("inspect", "--model", tmp.resolve("nope.gguf").toString());
        assertEquals(1, o.exitCode());
        assertTrue(o.stderr().startsWith("error: ") && o.stderr().contains("nope.gguf"), o.stderr());
    }

    /** A golden rendering through the command line: the exact bytes, nothing added, nothing on stderr. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ibm-granite-granite-3.3-2B-Instruct.single", "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.system",
        "Qwen-Qwen3-0.6B.continue"})
    void chatTemplateRendersAGoldenByteForByte(String name) throws IOException {
        JsonNode golden = new ObjectMapper().readTree(Fixtures.require("templates/golden/" + name + ".json").toFile());
        Path messages = tmp.resolve("messages.json");
        Files.writeString(messages, golden.get("messages").toString());
        List<String> args = new ArrayList<>(List.of("chat-template", "--template",
                Fixtures.require("templates/src/" + golden.get("template").asText()).toString(),
                "--messages", messages.toString(), "--bos", golden.get("bos_token").asText(),
                "--eos", golden.get("eos_token").asText(), "--now", "2026-07-26"));
        if (golden.get("add_generation_prompt").asBoolean()) {
            args.add("--add-generation-prompt");
        }
        Outcome o = cairn(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.stderr());
        assertArrayEquals(golden.get("expected").asText().getBytes(StandardCharsets.UTF_8), o.stdout(), o.out());
        assertEquals("", o.stderr());
    }

    @Test
    void chatTemplateUsesTheModelsTemplateAndTokens() throws IOException {
        Path messages = tmp.resolve("messages.json");
        Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"Hi\"}]");
        Outcome own = cairn("chat-template", "--model", Fixtures.require("vocab/ggml-vocab-qwen2.gguf").toString(),
                "--messages", messages.toString(), "--add-generation-prompt");
        assertEquals(0, own.exitCode(), own.stderr());
        assertEquals("<|im_start|>system\nYou are a helpful assistant<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\n", own.out());
        assertEquals("", own.stderr());

        Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"Hi\"}, "
                + "{\"role\": \"assistant\", \"content\": \"Hello\"}, {\"role\": \"user\", \"content\": \"Bye\"}]");
        Outcome fallback = cairn("chat-template", "--model", Fixtures.require("vocab/ggml-vocab-llama-spm.gguf").toString(),
                "--messages", messages.toString());
        assertEquals(0, fallback.exitCode(), fallback.stderr());
        assertEquals("<s>[INST] Hi [/INST] Hello </s><s>[INST] Bye [/INST]", fallback.out());
        assertTrue(fallback.stderr().startsWith("note: ggml-vocab-llama-spm.gguf: no chat template in the file; "
                + "using the built-in Llama 2 [INST] template") && fallback.stderr().lines().count() == 1, fallback.stderr());
    }

    @Test
    void chatTemplateErrorsExitWith1AndOneLine() throws IOException {
        Path messages = tmp.resolve("messages.json");
        Files.writeString(messages, "[{\"role\": \"system\", \"content\": \"Be brief.\"}]");
        Outcome raised = cairn("chat-template", "--template",
                Fixtures.require("templates/src/google-gemma-2-2b-it.jinja").toString(), "--messages", messages.toString());
        assertEquals(1, raised.exitCode());
        assertEquals("", raised.out());
        assertEquals("error: google-gemma-2-2b-it.jinja, line 1: TemplateError: System role not supported"
                + System.lineSeparator(), raised.stderr());

        Path broken = tmp.resolve("broken.jinja");
        Files.writeString(broken, "{% for m in messages %}\n{{ m.content }\n{% endfor %}");
        assertOneErrorLine(cairn("chat-template", "--template", broken.toString(), "--messages", messages.toString()),
                "error: broken.jinja, line 2: syntax error: unexpected '}'");

        Path template = tmp.resolve("ok.jinja");
        Files.writeString(template, "{{ messages[0].content }}");
        Files.writeString(messages, "{\"role\": \"user\"}");
        assertOneErrorLine(cairn("chat-template", "--template", template.toString(), "--messages", messages.toString()),
                "error: --messages " + messages + ": messages must be a JSON array");
        Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"x\", \"tool_calls\": []}]");
        assertOneErrorLine(cairn("chat-template", "--template", template.toString(), "--messages", messages.toString()),
                "error: --messages " + messages + ": message 1: field \"tool_calls\" is not supported");
        assertOneErrorLine(cairn("chat-template", "--template", template.toString(), "--messages",
                tmp.resolve("missing.json").toString()), "error: " + tmp.resolve("missing.json") + ": no such file");
    }

    static void assertOneErrorLine(Outcome o, String prefix) {
        assertEquals(1, o.exitCode(), o.stderr());
        assertEquals("", o.out());
        assertTrue(o.stderr().startsWith(prefix) && o.stderr().lines().count() == 1, o.stderr());
    }
}
