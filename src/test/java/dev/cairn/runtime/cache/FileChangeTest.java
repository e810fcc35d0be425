package dev.cairn.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.InferenceState;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.ModelLoader;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.model.synth.SyntheticModel;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.metrics.EngineMetrics;
import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A model file truncated under a running model fails the next token with a clear error, not a crash or a
 * fault's internal error, whether the layers stream (checked before each use) or stay mapped (the fault
 * itself is explained).
 */
@Timeout(120)
class FileChangeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void truncatingTheFileFailsTheNextTokenCleanly(ReadMode mode) throws IOException {
        Path model = dir.resolve("deep.gguf");
        new SyntheticModel(ModelShape.TEST_DEEP, QuantMix.byName("Q8_0").orElseThrow(), 11).write(model);
        long budget;
        LoadOptions resident = LoadOptions.resident(1).withContext(16, GgmlType.F16);
        try (LoadedModel probe = LoadedModel.open(model, resident);
                var file = dev.cairn.gguf.GgufFile.open(model)) {
            budget = probe.plan().budgetForSlots(file, mode, 3);
        }
        LoadOptions streaming = resident.withResidency(Residency.STREAMING).withBudget(MemoryBudget.ofBytes(budget))
                .withStreaming(1, 1, mode);
        try (LoadedModel loaded = LoadedModel.open(model, streaming)) {
            InferenceState state = loaded.newState(16);
            loaded.transformer().forward(state, 1);
            loaded.transformer().forward(state, 2);
            try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(model) / 2);
            }
            int position = state.position();
            LayerLoadException e = assertThrows(LayerLoadException.class, () -> {
                for (int i = 0; i < 3; i++) {
                    loaded.transformer().forward(state, 3);
                }
            });
            assertTrue(e.getMessage().contains("changed on disk") || e.getMessage().contains("truncated"),
                    e.getMessage());
            assertTrue(state.position() <= position + 2, "no pass completes on missing layers");
        }
    }

    @Test
    void truncatingTheFileUnderAResidentModelFailsWithTheReason() throws IOException {
        Path model = dir.resolve("resident.gguf");
        new SyntheticModel(ModelShape.TEST_DEEP, QuantMix.byName("Q8_0").orElseThrow(), 11).write(model);
        try (LoadedModel loaded = LoadedModel.open(model, LoadOptions.resident(2).withContext(16, GgmlType.F16))) {
            InferenceState state = loaded.newState(16);
            loaded.transformer().forward(state, 1);
            try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(model) / 2);
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class,
                        () -> loaded.transformer().forward(state, 2));
                assertTrue(e.getMessage().contains("changed on disk"), e.getMessage());
                assertEquals(1, e.getSuppressed().length, "the fault itself stays attached");
            }
        }
    }

    /** The race the check before use cannot close: the file shrinks while a mapped layer computes. */
    @Test
    void aFaultWhileAMappedLayerComputesIsExplained() throws IOException {
        Path model = dir.resolve("streamed.gguf");
        new SyntheticModel(ModelShape.TEST_DEEP, QuantMix.byName("Q8_0").orElseThrow(), 11).write(model);
        try (GgufFile file = GgufFile.open(model); CpuBackend backend = new CpuBackend(1)) {
            LayerManifest manifest = LayerManifest.of(file, ModelLoader.config(file));
            try (StreamingLayers layers = StreamingLayers.open(file, manifest, backend, Long.MAX_VALUE / 2,
                    new StreamingOptions(1, 1, ReadMode.MMAP), new EngineMetrics())) {
                InternalError fault = new InternalError("a fault occurred in an unsafe memory access operation");
                layers.explain(fault); // the file is as it was: not the reason, nothing thrown
                try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
                    channel.truncate(Files.size(model) / 2);
                }
                LayerLoadException e = assertThrows(LayerLoadException.class, () -> layers.explain(fault));
                assertTrue(e.getMessage().contains("changed on disk"), e.getMessage());
                assertSame(fault, e.getSuppressed()[0]);
            }
        }
    }
}
