package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native peer's contract with the peer folder's {@code run.sh}: the arguments it passes and the JSON line
 * it reads. The folder here holds a script standing in for the benchmark program (CI has no native build);
 * the real program was run by hand for the README's tables.
 */
class NativeLlamaCppPeerTest {

    @TempDir
    Path folder;

    private void script(String body) throws IOException {
        Path run = folder.resolve("run.sh");
        Files.writeString(run, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void passesTheShapeOfTheRoundAndReadsTheRates() throws IOException {
        // Echoes its arguments into the JSON, as the program echoes its settings, after a line of chatter.
        script("echo loading >&1; echo \"{\\\"args\\\":\\\"$*\\\",\\\"prompt_tok_s\\\":$3.5,\\\"decode_tok_s\\\":$4.25}\"");
        BenchPeer.Speed speed = new NativeLlamaCppPeer(folder).measure(Path.of("/models/m.gguf"), 128, 32, 2);
        assertEquals(128.5, speed.promptTokensPerSecond());
        assertEquals(32.25, speed.decodeTokensPerSecond());
    }

    @Test
    void aFailingPeerSaysWhatItPrinted() throws IOException {
        script("echo 'load failed: /models/m.gguf' >&2; exit 2");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new NativeLlamaCppPeer(folder).measure(Path.of("/models/m.gguf"), 16, 8, 2));
        assertTrue(e.getMessage().contains("exit 2") && e.getMessage().contains("load failed"), e.getMessage());
    }

    @Test
    void outputWithoutRatesIsRefused() throws IOException {
        script("echo '{\"model\":\"m\"}'");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new NativeLlamaCppPeer(folder).measure(Path.of("/models/m.gguf"), 16, 8, 2));
        assertTrue(e.getMessage().contains("no rates"), e.getMessage());
    }

    @Test
    void aMissingFolderNamesTheBuildScript() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NativeLlamaCppPeer(folder.resolve("absent")).measure(Path.of("/models/m.gguf"), 16, 8, 2));
        assertTrue(e.getMessage().contains("build.sh"), e.getMessage());
    }
}
