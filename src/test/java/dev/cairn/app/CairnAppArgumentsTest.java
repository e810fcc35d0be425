package dev.cairn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CairnAppArgumentsTest {

    @Test
    void theModelArgumentInBothSpellings() {
        assertEquals(Path.of("m.gguf"), CairnApp.modelArgument(List.of("--model", "m.gguf")));
        assertEquals(Path.of("m.gguf"), CairnApp.modelArgument(List.of("--model=m.gguf")));
        assertNull(CairnApp.modelArgument(List.of()));
    }
}
