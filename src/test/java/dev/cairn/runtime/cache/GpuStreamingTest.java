package dev.cairn.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.model.synth.SyntheticModel;
import dev.cairn.model.InferenceState;
import dev.cairn.runtime.Generator;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Backends;
import dev.cairn.testing.GeneratedModels;
import dev.cairn.testing.Reference;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers streaming into GPU memory ({@code --gpu-budget} below the weights) on the Vulkan and the OpenCL
 * device of the GPU tests (lavapipe and PoCL in CI): the same greedy tokens as the CPU, logits as close to the float64 reference as a
 * resident Vulkan model's, uploads in the event ring, and uploads of later layers issued while earlier
 * layers' kernels run.
 */
class GpuStreamingTest {

    private static final String MODEL = "synth-llama-Q4_K_M";
    private static final double QUANT_BOUND = 1e-4; // ReferenceLogitsTest's bound for quantized models
    private static final int TOKENS = 40;

    private record Span(int layer, long start, long end) {
    }

    /** The generated eight-layer model in {@code mix}, a third of its weights, a prompt and the CPU's greedy tokens for it. */
    private record Deep(Path model, long third, int[] prompt, int[] cpuTokens) {

        static Deep write(Path dir, String mix, long seed) throws IOException {
            Path model = dir.resolve("deep.gguf");
            new SyntheticModel(ModelShape.TEST_DEEP, QuantMix.byName(mix).orElseThrow(), seed).write(model);
            try (LoadedModel cpu = LoadedModel.open(model, LoadOptions.resident(2))) {
                int[] prompt = cpu.tokenizer().encode("Once upon a time", true);
                return new Deep(model, cpu.plan().weightsBytes() / 3, prompt, greedy(cpu, prompt));
            }
        }
    }

    private static LoadOptions onGpu(String backend, long gpuBudget) {
        return LoadOptions.defaults(2).withBackend(Backends.choice(backend)).withGpuBudget(MemoryBudget.ofBytes(gpuBudget));
    }

    /** A third of the weights, the budget the issue asks about. */
    private static long thirdOfTheWeights(Reference ref) throws IOException {
        try (LoadedModel cpu = LoadedModel.open(ref.model(), LoadOptions.resident(1))) {
            return cpu.plan().weightsBytes() / 3;
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void aThirdOfTheWeightsStreamsWithTheCpusTokensAndTheReferenceLogits(String backend) throws IOException {
        Reference ref = Reference.load(MODEL);
        int[] prompt = ref.promptTokens();
        int[] cpuTokens;
        try (LoadedModel cpu = LoadedModel.open(ref.model(), LoadOptions.resident(2))) {
            cpuTokens = greedy(cpu, prompt);
        }
        try (LoadedModel gpu = LoadedModel.open(ref.model(), onGpu(backend, thirdOfTheWeights(ref)))) {
            assertEquals(Residency.STREAMING, gpu.residency());
            StreamingLayers cache = assertInstanceOf(StreamingLayers.class, gpu.transformer().layers());
            assertTrue(cache.plan().ring() > 0 && cache.plan().layersReadPerPass() > 0, cache.plan().toString());

            float[][] exact = ref.exactLogits();
            int[] forced = ref.teacherForcedTokens();
            InferenceState state = gpu.newState(forced.length, GgmlType.F32);
            for (int row = 0; row < forced.length; row++) {
                double e = Reference.nmse(gpu.transformer().forward(state, forced[row]), exact[row]);
                assertTrue(e <= QUANT_BOUND, "row " + row + ": NMSE vs exact " + e + " > " + QUANT_BOUND);
            }
            assertArrayEquals(cpuTokens, greedy(gpu, prompt), "greedy tokens streaming on the GPU equal the CPU's");
        }
    }

    /**
     * An eight-layer model at a third of its weights: room for two slots, so each layer's upload is queued
     * when the layer two before it is done and runs while the layer between computes.
     */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void uploadsAreEventsAndLaterLayersUploadWhileEarlierLayersCompute(String backend, @TempDir Path tmp) throws IOException {
        Deep deep = Deep.write(tmp, "Q8_0", 15);
        try (LoadedModel gpu = LoadedModel.open(deep.model(), onGpu(backend, deep.third()))) {
            StreamingLayers cache = assertInstanceOf(StreamingLayers.class, gpu.transformer().layers());
            assertTrue(cache.plan().ring() >= 2, "a ring that can read ahead: " + cache.plan());
            assertArrayEquals(deep.cpuTokens(), greedy(gpu, deep.prompt()), "greedy tokens streaming on the GPU equal the CPU's");
            List<Span> uploads = new ArrayList<>();
            List<Span> kernels = new ArrayList<>();
            int layers = cache.plan().layers();
            long[] open = new long[2 * layers];
            gpu.metrics().ring().drain(0, (sequence, type, layer, lane, nanos, value) -> {
                switch (type) {
                    case UPLOAD_START -> {
                        assertTrue(value > 0 && lane == cache.plan().slotOf(layer), "an upload carries its bytes and slot");
                        open[layer] = nanos;
                    }
                    case UPLOAD_END -> uploads.add(new Span(layer, open[layer], nanos));
                    case COMPUTE_START -> open[layers + layer] = nanos;
                    case COMPUTE_END -> kernels.add(new Span(layer, open[layers + layer], nanos));
                    default -> { }
                }
            });
            int streamedPerPass = cache.plan().layersReadPerPass();
            assertTrue(uploads.size() >= TOKENS * streamedPerPass, uploads.size() + " uploads for "
                    + TOKENS + " tokens of " + streamedPerPass + " streamed layers");
            long overlapping = uploads.stream().filter(upload -> kernels.stream().anyMatch(kernel ->
                    kernel.layer() < upload.layer() && upload.start() < kernel.end() && kernel.start() < upload.end())).count();
            assertTrue(overlapping > 0, "no upload of a later layer overlapped the kernels of an earlier one: uploads "
                    + uploads.subList(0, Math.min(12, uploads.size())) + ", kernels " + kernels.subList(0, Math.min(24, kernels.size())));
        }
    }

    /** Two I/O threads reading and uploading at once (a staging buffer and an upload lane each), into staging with O_DIRECT (buffered where the file system refuses it). */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void twoReadsInFlightWithODirectWhereAllowedGiveTheCpusTokens(String backend, @TempDir Path tmp) throws IOException {
        Deep deep = Deep.write(tmp, "Q4_K_M", 17);
        try (LoadedModel gpu = LoadedModel.open(deep.model(), onGpu(backend, deep.third()).withStreaming(2, 2, ReadMode.DIRECT))) {
            assertEquals(Residency.STREAMING, gpu.residency());
            assertArrayEquals(deep.cpuTokens(), greedy(gpu, deep.prompt()));
        }
    }

    /** A file truncated while its layers stream into the GPU fails the next token with the reason, and the model still closes. */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void truncatingTheFileWhileItStreamsFailsCleanly(String backend, @TempDir Path tmp) throws IOException {
        Path model = GeneratedModels.write(tmp, ModelShape.TEST_DEEP, "Q8_0");
        try (LoadedModel gpu = LoadedModel.open(model, onGpu(backend, GeneratedModels.thirdOfTheWeights(model)).withContext(16, GgmlType.F16))) {
            InferenceState state = gpu.newState(16);
            gpu.transformer().forward(state, 1);
            try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(model) / 2);
            }
            int position = state.position();
            LayerLoadException e = assertThrows(LayerLoadException.class, () -> {
                for (int i = 0; i < 3; i++) {
                    gpu.transformer().forward(state, 2);
                }
            });
            assertTrue(e.getMessage().contains("changed on disk") || e.getMessage().contains("truncated"), e.getMessage());
            assertTrue(state.position() <= position + 2, "no pass completes on missing layers");
        }
    }

    /** Streaming into the GPU still takes host memory: the process, resident copies and one staging buffer per I/O thread. */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void theHostBudgetCoversTheStagingBuffers(String backend, @TempDir Path tmp) throws IOException {
        Path model = GeneratedModels.write(tmp, ModelShape.TEST_DEEP, "Q8_0");
        long needed;
        LoadOptions twoReaders = onGpu(backend, GeneratedModels.thirdOfTheWeights(model)).withStreaming(2, 2, ReadMode.BUFFERED);
        try (LoadedModel gpu = LoadedModel.open(model, twoReaders)) {
            long staging = gpu.hostStagingBytes();
            StreamingLayers cache = assertInstanceOf(StreamingLayers.class, gpu.transformer().layers());
            assertTrue(staging > 0 && staging <= cache.allocatedBytes(), "two staging buffers, held beside the slots: " + staging);
            assertEquals(2 * StreamingLayers.slotBytes(gpu.file(), dev.cairn.model.LayerManifest.of(gpu.file(), gpu.config()),
                    ReadMode.DIRECT), staging, "one layer's slot per I/O thread");
            needed = gpu.plan().hostBytesStreamingToDevice(staging);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadedModel.open(model, twoReaders.withBudget(MemoryBudget.ofBytes(needed - 1))).close());
        assertTrue(e.getMessage().startsWith("a budget of ") && e.getMessage().contains(" of staging") && !e.getMessage().contains("\n"),
                e.getMessage());
        try (LoadedModel gpu = LoadedModel.open(model, twoReaders.withBudget(MemoryBudget.ofBytes(needed)))) {
            assertEquals(Residency.STREAMING, gpu.residency(), "exactly the host memory it needs is enough");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void aBudgetTooSmallForOneLayerIsRefusedInOneLine(String backend) throws IOException {
        Reference ref = Reference.load(MODEL);
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> LoadedModel.open(ref.model(), onGpu(backend, 1)).close());
        assertTrue(e.getMessage().startsWith("a GPU budget of ") && e.getMessage().contains("plus one layer of")
                && !e.getMessage().contains("\n"), e.getMessage());
    }

    private static int[] greedy(LoadedModel model, int[] prompt) {
        return new Generator(model.transformer(), model.tokenizer()).generate(model.newState(prompt.length + TOKENS),
                prompt, SamplingParams.greedy(), TOKENS, token -> { }).tokens();
    }
}
