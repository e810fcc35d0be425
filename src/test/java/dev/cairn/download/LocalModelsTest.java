package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models folder: where downloads land, what is there, unfinished downloads, last use and deleting. */
class LocalModelsTest {

    @TempDir
    Path data;

    LocalModels models() {
        return LocalModels.of(data, HubSettings.defaults());
    }

    @Test
    void downloadsLandByRepositoryOrByHost() {
        LocalModels models = models();
        assertEquals(data.resolve("models/bartowski/Qwen2.5-GGUF"), models.folderFor(Source.parse("bartowski/Qwen2.5-GGUF:Q4_K_M")));
        assertEquals(data.resolve("models/owner/name"),
                models.folderFor(Source.parse("https://huggingface.co/owner/name/resolve/main/m-Q4_0.gguf")));
        assertEquals(data.resolve("models/example.org"), models.folderFor(Source.parse("https://example.org/files/m.gguf")));
        assertEquals(Path.of("/elsewhere/models"), new HubSettings("", "/elsewhere/models").modelsRoot(data));
    }

    @Test
    void listsModelsAndUnfinishedDownloadsAndForgetsADeletedOne() throws IOException {
        LocalModels models = models();
        Path done = write(models.root().resolve("o/r/done-Q4_0.gguf"), 1000);
        Path other = write(models.root().resolve("o/r2/other-Q8_0.gguf"), 500);
        Path target = models.root().resolve("o/r/half-Q8_0.gguf");
        PartFile part = new PartFile(target);
        write(part.path(), 300);
        part.save(new PartFile.State("https://hub/o/r/resolve/main/half-Q8_0.gguf", 900, "ab".repeat(32), "\"etag\""));
        models.markUsed(done, Instant.parse("2026-03-04T05:06:07Z"));

        assertEquals(List.of(
                new LocalModels.Entry(done, 1000, Optional.of(Instant.parse("2026-03-04T05:06:07Z")), false, 1000),
                new LocalModels.Entry(target, 300, Optional.empty(), true, 900),
                new LocalModels.Entry(other, 500, Optional.empty(), false, 500)), models.list());
        assertEquals(List.of(new LocalModels.Unfinished(target, URI.create("https://hub/o/r/resolve/main/half-Q8_0.gguf"), 900,
                Optional.of("ab".repeat(32)), 300)), models.unfinished());
        assertEquals(300, LocalModels.arrived(target));

        models.delete(other);
        assertFalse(Files.exists(models.root().resolve("o/r2")), "an emptied folder goes too");
        models.delete(target);
        assertFalse(Files.exists(part.path()) || Files.exists(part.statePath()));
        models.delete(done);
        assertEquals(List.of(), models.list());
        assertTrue(Files.isDirectory(models.root()), "the models folder itself stays");
        assertThrows(IOException.class, () -> models.delete(data.resolve("settings.json")));
    }

    private static Path write(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        return file;
    }
}
