package dev.cairn.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiskReadProbeTest {

    @Test
    void readsTheWholeOfASmallFileAndTimesIt() throws Exception {
        Path model = Fixtures.model("stories260K.gguf");
        DiskReadProbe.Result result = DiskReadProbe.measure(model);
        long size = Files.size(model);
        assertEquals(size, result.bytes());
        assertTrue(result.nanos() > 0 && result.bytesPerSecond() > 0);
    }
}
