package dev.cairn.cli;

import static dev.cairn.cli.CliTest.cairn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.testing.Backends;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.GeneratedModels;
import dev.cairn.model.synth.ModelShape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --gpu-budget} on the command line, on the Vulkan and OpenCL devices of the GPU tests (lavapipe and
 * PoCL in CI): a budget too small for one layer is one line and exit 2 (the model cannot run on the device
 * so), a budget that is not a size one line and exit 1, and a file truncated while it streams one line and a
 * non-zero exit.
 */
class GpuBudgetCliTest {

    private static final String PROMPT = "Once upon a time";
    private static final long GUARD_SECONDS = 120; // a hang guard only

    private static String[] generate(Path model, String... options) {
        String[] base = {"generate", "--model", model.toString(), "--prompt", PROMPT, "--temperature", "0",
                "--max-tokens", "16"};
        String[] args = java.util.Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        return args;
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void aThirdOfTheWeightsStreamsIntoTheGpuAndWritesTheCpusText(String backend) throws IOException {
        Path model = Fixtures.model("synth-llama-Q4_K_M.gguf");
        long third;
        try (LoadedModel cpu = LoadedModel.open(model, LoadOptions.resident(1))) {
            third = cpu.plan().weightsBytes() / 3;
        }
        CliTest.Outcome onCpu = cairn(generate(model, "--backend", "cpu", "--residency", "resident"));
        assertEquals(0, onCpu.exitCode(), onCpu.stderr());
        CliTest.Outcome onGpu = cairn(generate(model, "--backend", Backends.choice(backend).toString(),
                "--gpu-budget", String.valueOf(third), "--stats"));
        assertEquals(0, onGpu.exitCode(), onGpu.stderr());
        assertArrayEquals(onCpu.stdout(), onGpu.stdout(), onGpu.out());
        assertTrue(onGpu.stderr().contains("note: streaming layers into GPU memory within a GPU budget of "), onGpu.stderr());
        assertTrue(onGpu.stderr().matches("(?s).*\\nGPU uploads: [0-9.]+ [KMG]iB at \\d+ MB/s of upload time; bus-bound speed "
                + "[0-9.]+ tok/s\\n.*"), onGpu.stderr());
        // "Why this speed" weighs the bus on a GPU streaming run (which bound wins depends on the machine).
        assertTrue(onGpu.stderr().matches("(?s).*\\n  bus: uploads to the GPU at \\d+ MB/s = [0-9.]+ s \\(limit [0-9.]+ tokens/s.*"),
                onGpu.stderr());
        assertTrue(onGpu.stderr().contains("note: host memory "), onGpu.stderr());
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void aBudgetTooSmallForOneLayerIsOneLineAndExit2AndNotASizeExit1(String backend) {
        Path model = Fixtures.model("synth-llama-Q4_K_M.gguf");
        String gpu = Backends.choice(backend).toString();
        CliTest.Outcome tooSmall = cairn(generate(model, "--backend", gpu, "--gpu-budget", "1K"));
        assertEquals(2, tooSmall.exitCode(), "the model cannot run on this device within the budget: " + tooSmall.stderr());
        String[] lines = tooSmall.stderr().strip().split("\n");
        assertEquals(1, lines.length, tooSmall.stderr());
        assertTrue(lines[0].startsWith("error: a GPU budget of 1.00 KiB cannot stream this model: it needs at least "), lines[0]);

        CliTest.Outcome notASize = cairn(generate(model, "--backend", gpu, "--gpu-budget", "lots"));
        assertEquals(1, notASize.exitCode(), notASize.stderr());
        assertEquals(1, notASize.stderr().strip().split("\n").length, notASize.stderr());
        assertTrue(notASize.stderr().contains("--gpu-budget: budget must be bytes (1.5G, 800M, 4096) or a share of the "
                + "device's memory (25%)"), notASize.stderr());
    }

    /**
     * A chat streaming a third of a generated eight-layer model into the GPU, its file truncated between the
     * first answer and the second message (when the chat asks for its next line): one error line, a non-zero
     * exit, and the command returns (the hang guard is a guard only).
     */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void aFileTruncatedWhileItStreamsIsOneLineAndANonZeroExit(String backend, @TempDir Path tmp) throws Exception {
        Path model = GeneratedModels.write(tmp, ModelShape.TEST_DEEP, "Q8_0");
        long third = GeneratedModels.thirdOfTheWeights(model);
        Runnable truncate = () -> {
            try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(model) / 2);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        InputStream oldIn = System.in;
        CliTest.Outcome outcome;
        try {
            System.setIn(linesThen("Once upon a time\n", truncate, "The dog\n"));
            outcome = CompletableFuture.supplyAsync(() -> cairn("chat", "--model", model.toString(), "--temperature=0",
                    "--max-tokens", "4", "--context", "64", "--backend", Backends.choice(backend).toString(),
                    "--gpu-budget", String.valueOf(third))).get(GUARD_SECONDS, TimeUnit.SECONDS);
        } finally {
            System.setIn(oldIn);
        }
        assertTrue(outcome.exitCode() != 0, outcome.stderr());
        List<String> errors = outcome.stderr().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), outcome.stderr());
        assertTrue(errors.getFirst().contains("changed on disk") || errors.getFirst().contains("truncated"), errors.getFirst());
        assertTrue(outcome.stderr().strip().endsWith(errors.getFirst()), "the error is the last line: " + outcome.stderr());
        assertTrue(outcome.stderr().lines().noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by")),
                outcome.stderr());
        assertFalse(outcome.out().isBlank(), "the first answer was written");
        assertEquals(1, outcome.out().split("\n").length, "the first answer was written: " + outcome.out());
    }

    /** {@code first}, then, when asked for more, runs {@code between} and gives {@code second}, then the end. */
    private static InputStream linesThen(String first, Runnable between, String second) {
        return new InputStream() {
            private ByteArrayInputStream current = new ByteArrayInputStream(first.getBytes(StandardCharsets.UTF_8));
            private boolean switched;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = current.read(b, off, len);
                if (n < 0 && !switched) {
                    switched = true;
                    between.run();
                    current = new ByteArrayInputStream(second.getBytes(StandardCharsets.UTF_8));
                    n = current.read(b, off, len);
                }
                return n;
            }
        };
    }
}
