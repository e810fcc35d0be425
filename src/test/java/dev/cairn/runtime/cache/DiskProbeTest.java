package dev.cairn.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiskProbeTest {

    @Test
    void readsTheWholeOfASmallFileAndTimesIt() throws Exception {
        Path model = Fixtures.model("stories260K.gguf");
        DiskProbe.Result result = DiskProbe.measure(model, 64L << 20);
        long size = Files.size(model);
        assertEquals(size, result.bytes());
        assertTrue(result.nanos() > 0 && result.bytesPerSecond() > 0);
    }
}
