package dev.cairn.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.Residency;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLibraryTest {

    @TempDir
    Path folder;

    @Test
    void remembersChoicesAndRecentModelsAcrossInstances() {
        Path file = folder.resolve("models.json");
        ModelLibrary library = new ModelLibrary(file);
        ModelChoices streaming = new ModelChoices("CPU", Residency.STREAMING, 30, 3, 2, 8192);
        library.remember(Path.of("/models/a.gguf"), streaming);
        library.remember(Path.of("/models/b.gguf"), new ModelChoices("CPU", Residency.AUTO, 60, 2, 4, 4096));
        library.remember(Path.of("/models/a.gguf"), streaming);

        ModelLibrary reopened = new ModelLibrary(file);
        assertEquals(List.of(Path.of("/models/a.gguf"), Path.of("/models/b.gguf")), reopened.recent());
        assertEquals(streaming, reopened.choicesFor(Path.of("/models/a.gguf")).orElseThrow());
        assertTrue(reopened.choicesFor(Path.of("/models/c.gguf")).isEmpty());
    }

    @Test
    void keepsOnlyTheMostRecentModels() {
        ModelLibrary library = new ModelLibrary(folder.resolve("models.json"));
        IntStream.range(0, ModelLibrary.RECENT_LIMIT + 3).forEach(i ->
                library.remember(Path.of("/models/m" + i + ".gguf"), new ModelChoices("CPU", Residency.AUTO, 60, 2, 1, 512)));
        assertEquals(ModelLibrary.RECENT_LIMIT, library.recent().size());
        assertEquals(Path.of("/models/m" + (ModelLibrary.RECENT_LIMIT + 2) + ".gguf"), library.recent().getFirst());
    }
}
