package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.cache.DiskProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timing the models folder's disk before any model is in it. */
class DiskSpeedTest {

    @TempDir
    Path folder;

    @Test
    void anEmptyFolderIsTimedWithATemporaryFileThatIsThenGone() throws Exception {
        Path models = folder.resolve("models");
        DiskProbe.Result result = DiskSpeed.measure(models);
        assertEquals(DiskSpeed.SAMPLE_BYTES, result.bytes());
        assertTrue(result.bytesPerSecond() > 0);
        try (Stream<Path> left = Files.list(models)) {
            assertEquals(0, left.count(), "the sample file is deleted");
        }
    }
}
