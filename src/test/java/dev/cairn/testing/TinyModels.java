package dev.cairn.testing;

import dev.cairn.gguf.GgufFile;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.model.synth.SyntheticModel;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.cache.ReadMode;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Path;

/** The generated test-tiny Llama (two layers), opened resident or streaming through a small layer cache. */
public final class TinyModels {

    private TinyModels() {
    }

    /** Writes the model as Q8_0 into {@code dir}; returns its path. */
    public static Path write(Path dir) throws IOException {
        Path file = dir.resolve("test-tiny-Q8_0.gguf");
        new SyntheticModel(ModelShape.TEST_TINY, QuantMix.byName("Q8_0").orElseThrow(), 11).write(file);
        return file;
    }

    public static LoadedModel openResident(Path file, int context) throws IOException {
        return LoadedModel.open(file, LoadOptions.resident(1).withContext(context, GgmlType.F16));
    }

    /**
     * Opens the model streaming with a cache of {@code slots} layers (fewer slots than layers: every
     * layer is evicted and read again each token), buffered reads, one compute and one I/O thread.
     */
    public static LoadedModel openStreaming(Path file, int context, int slots) throws IOException {
        LoadOptions resident = LoadOptions.resident(1).withContext(context, GgmlType.F16);
        long budget;
        try (LoadedModel probe = LoadedModel.open(file, resident); GgufFile gguf = GgufFile.open(file)) {
            budget = StreamingLayers.budgetForSlots(gguf, probe.plan(), ReadMode.BUFFERED, slots);
        }
        return LoadedModel.open(file, resident.withResidency(Residency.STREAMING)
                .withBudget(MemoryBudget.ofBytes(budget)).withStreaming(1, 1, ReadMode.BUFFERED));
    }
}
