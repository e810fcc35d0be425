package dev.cairn.cli;

import static dev.cairn.cli.CliTest.cairn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.testing.Backends;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --gpu-budget} on the command line, on the Vulkan and OpenCL devices of the GPU tests (lavapipe and PoCL in CI); a budget that cannot work fails as --budget does: one line, exit 1. */
class GpuBudgetCliTest {

    private static final String PROMPT = "Once upon a time";

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
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void aBudgetTooSmallForOneLayerOrNotASizeIsOneLineAndExit1(String backend) {
        Path model = Fixtures.model("synth-llama-Q4_K_M.gguf");
        String gpu = Backends.choice(backend).toString();
        CliTest.Outcome tooSmall = cairn(generate(model, "--backend", gpu, "--gpu-budget", "1K"));
        assertEquals(1, tooSmall.exitCode(), tooSmall.stderr());
        String[] lines = tooSmall.stderr().strip().split("\n");
        assertEquals(1, lines.length, tooSmall.stderr());
        assertTrue(lines[0].startsWith("error: a GPU budget of 1.00 KiB cannot stream this model: it needs at least "), lines[0]);

        CliTest.Outcome notASize = cairn(generate(model, "--backend", gpu, "--gpu-budget", "lots"));
        assertEquals(1, notASize.exitCode(), notASize.stderr());
        assertEquals(1, notASize.stderr().strip().split("\n").length, notASize.stderr());
        assertTrue(notASize.stderr().contains("--gpu-budget: budget must be bytes (1.5G, 800M, 4096) or a share of the "
                + "device's memory (25%)"), notASize.stderr());
    }
}
