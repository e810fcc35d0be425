package dev.cairn.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.model.InferenceState;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.model.synth.SyntheticModel;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A model file truncated under a streaming model fails the next token with a clear error, not a crash. */
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
}
