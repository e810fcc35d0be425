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
import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;

/** Random-weight Llamas of a real shape, opened resident or streaming through a cache of a few layers. */
public final class GeneratedModels {

    private GeneratedModels() {
    }

    /** Writes {@code shape} quantized as {@code type} into {@code dir}; returns its path. */
    public static Path write(Path dir, ModelShape shape, String type) throws IOException {
        Path file = dir.resolve(shape.id() + "-" + type + ".gguf");
        new SyntheticModel(shape, QuantMix.byName(type).orElseThrow(), 11).write(file);
        return file;
    }

    /** The two-layer test-tiny model as Q8_0. */
    public static Path writeTiny(Path dir) throws IOException {
        return write(dir, ModelShape.TEST_TINY, "Q8_0");
    }

    /** A third of {@code file}'s weights: the GPU budget the layer-streaming tests run with. */
    public static long thirdOfTheWeights(Path file) throws IOException {
        try (LoadedModel cpu = LoadedModel.open(file, LoadOptions.resident(1))) {
            return cpu.plan().weightsBytes() / 3;
        }
    }

    public static LoadedModel openResident(Path file, int context) throws IOException {
        return LoadedModel.open(file, LoadOptions.resident(1).withContext(context, GgmlType.F16));
    }

    /**
     * Opens the model streaming with a cache of {@code slots} layers (fewer than the model has: every
     * layer is evicted and read again each token), buffered reads, one compute thread.
     */
    public static LoadedModel openStreaming(Path file, int context, int slots, int ioThreads) throws IOException {
        LoadOptions resident = LoadOptions.resident(1).withContext(context, GgmlType.F16);
        long budget;
        try (LoadedModel probe = LoadedModel.open(file, resident); GgufFile gguf = GgufFile.open(file)) {
            budget = probe.plan().budgetForSlots(gguf, ReadMode.BUFFERED, slots);
        }
        return LoadedModel.open(file, resident.withResidency(Residency.STREAMING)
                .withBudget(MemoryBudget.ofBytes(budget)).withStreaming(1, ioThreads, ReadMode.BUFFERED));
    }
}
