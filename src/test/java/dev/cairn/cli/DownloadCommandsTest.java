package dev.cairn.cli;

import static dev.cairn.cli.CliTest.cairn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.download.AccessToken;
import dev.cairn.download.DataHome;
import dev.cairn.download.HubToken;
import dev.cairn.download.LocalModels;
import dev.cairn.runtime.Bytes;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.HubTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn pull}, {@code search} and {@code models} against a Hub on loopback. */
class DownloadCommandsTest {

    static final String REPO = "cairn-test/stories-GGUF";

    @TempDir
    Path data;

    @TempDir
    Path dir;

    HubTestServer hub;
    byte[] model;
    String previousDataDir;

    @BeforeEach
    void start() throws Exception {
        previousDataDir = System.getProperty(DataHome.PROPERTY);
        System.setProperty(DataHome.PROPERTY, data.toString());
        hub = HubTestServer.start();
        model = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
    }

    @AfterEach
    void stop() {
        hub.close();
        if (previousDataDir == null) {
            System.clearProperty(DataHome.PROPERTY);
        } else {
            System.setProperty(DataHome.PROPERTY, previousDataDir);
        }
    }

    @Test
    void pullFromAUrlLandsInTheFolderWithPlainProgressLines() throws Exception {
        String url = hub.plainFile("stories260K.gguf", model).toString();
        CliTest.Outcome pulled = cairn("pull", url, "--dir", dir.toString());
        assertEquals(0, pulled.exitCode(), pulled.stderr());
        Path file = dir.resolve("stories260K.gguf");
        assertEquals(file.toString(), pulled.out().strip());
        assertArrayEquals(model, Files.readAllBytes(file));
        String err = pulled.stderr();
        assertTrue(err.contains("stories260K.gguf: " + Bytes.format(model.length)), err);
        assertTrue(err.contains("fit (estimate from the file's size): fits in memory."), err);
        assertTrue(err.contains("header: llama, "), err);
        assertTrue(err.contains("fit (from its header): fits in memory."), err);
        assertTrue(err.contains("100%  " + Bytes.format(model.length) + " of " + Bytes.format(model.length)), err);
        assertTrue(err.contains("SHA-256 " + HubTestServer.sha256(model) + " (the server published none to check it against)"), err);
        assertFalse(err.contains("\r"), "no bar redrawn in place when stderr is not a terminal");
    }

    @Test
    void anInterruptedPullResumesWhereItStopped() throws Exception {
        String url = hub.plainFile("stories260K.gguf", model).toString();
        hub.dropAfter = 400_000;
        hub.drops.set(1);
        CliTest.Outcome interrupted = cairn("pull", url, "--dir", dir.toString(), "--retries", "0");
        assertEquals(1, interrupted.exitCode(), interrupted.stderr());
        assertTrue(interrupted.stderr().contains("that arrived are kept: run it again to resume"), interrupted.stderr());
        long kept = LocalModels.arrived(dir.resolve("stories260K.gguf"));
        assertTrue(kept > 0 && kept <= 400_000, kept + " bytes kept");

        CliTest.Outcome resumed = cairn("pull", url, "--dir", dir.toString());
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.stderr().contains("resuming at " + Bytes.format(kept) + " of " + Bytes.format(model.length)), resumed.stderr());
        assertTrue(hub.requests.getLast().endsWith("bytes=" + kept + "-"), hub.requests.toString());
        assertArrayEquals(model, Files.readAllBytes(dir.resolve("stories260K.gguf")));
    }

    @Test
    void aRepositoryWithSeveralModelsListsThemWithTheirFitAndOnePullsIntoTheModelsFolder() throws Exception {
        hub.file(REPO, "stories260K-F32.gguf", model);
        hub.file(REPO, "stories260K-IQ2_XXS.gguf", Arrays.copyOf(model, 1000));
        CliTest.Outcome ambiguous = cairn("pull", REPO, "--hub-url", hub.uri().toString());
        assertEquals(1, ambiguous.exitCode());
        assertTrue(ambiguous.stderr().matches("(?s).*\\nstories260K-F32\\.gguf +" + Bytes.format(model.length) + " +F32 +fits in memory\\n.*"),
                ambiguous.stderr());
        assertTrue(ambiguous.stderr().contains("cannot run here: IQ2_XXS is a tensor type Cairn has no kernels for yet"), ambiguous.stderr());
        assertTrue(ambiguous.stderr().contains("error: " + REPO + " has 2 GGUF models; choose one: "), ambiguous.stderr());

        CliTest.Outcome pulled = cairn("pull", REPO + ":F32", "--hub-url", hub.uri().toString());
        assertEquals(0, pulled.exitCode(), pulled.stderr());
        Path file = data.resolve("models").resolve(REPO).resolve("stories260K-F32.gguf");
        assertEquals(file.toString(), pulled.out().strip());
        assertTrue(pulled.stderr().contains("SHA-256 " + HubTestServer.sha256(model) + " (verified)"), pulled.stderr());

        CliTest.Outcome unrunnable = cairn("pull", REPO + ":IQ2_XXS", "--hub-url", hub.uri().toString());
        assertEquals(CairnCommand.EXIT_BAD_MODEL, unrunnable.exitCode());
        assertEquals(Optional.empty(), Optional.ofNullable(hub.requestsFor("IQ2_XXS").isEmpty() ? null : "fetched"),
                "nothing of a file Cairn cannot run is fetched");
    }

    @Test
    void aPullOfSomethingThatIsNotGgufStopsWithExitCode2() throws Exception {
        String url = hub.plainFile("page.gguf", Arrays.copyOf("<html>".getBytes(), 4 << 20)).toString();
        CliTest.Outcome pulled = cairn("pull", url, "--dir", dir.toString());
        assertEquals(CairnCommand.EXIT_BAD_MODEL, pulled.exitCode(), pulled.stderr());
        assertTrue(pulled.stderr().contains("not a GGUF file"), pulled.stderr());
        assertFalse(Files.exists(dir.resolve("page.gguf.part")));
    }

    @Test
    void aGatedRepositoryNeedsTheSavedTokenWhichNeverShows() throws Exception {
        String token = "hf_cliSecret0123456789";
        hub.file(REPO, "stories260K-F32.gguf", model);
        hub.gate(REPO, token);
        CliTest.Outcome refused = cairn("pull", REPO, "--hub-url", hub.uri().toString(), "--dir", dir.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("is gated (401): accept its conditions on its page while logged in, then give Cairn an access token"),
                refused.stderr());
        HubToken.save(data, Optional.of(new AccessToken(token)));
        CliTest.Outcome pulled = cairn("pull", REPO, "--hub-url", hub.uri().toString(), "--dir", dir.toString());
        assertEquals(0, pulled.exitCode(), pulled.stderr());
        for (CliTest.Outcome o : new CliTest.Outcome[] {refused, pulled}) {
            assertFalse(o.stderr().contains(token) || o.out().contains(token));
        }
        assertEquals(java.util.List.of(), hub.authorizationAtCdn);
    }

    @Test
    void searchListsRepositoriesAndARepositorysModels() throws Exception {
        hub.searchResult("bartowski/Llama-3.2-1B-Instruct-GGUF", 152_003, 120, "2024-09-26T12:01:02.000Z", false);
        hub.searchResult("meta-llama/Llama-3.2-1B-Instruct-GGUF", 9_001, 43, "2024-10-01T08:00:00.000Z", "manual");
        CliTest.Outcome found = cairn("search", "llama", "3.2", "--hub-url", hub.uri().toString());
        assertEquals(0, found.exitCode(), found.stderr());
        assertEquals("""
                REPOSITORY                               DOWNLOADS    LIKES  UPDATED   
                bartowski/Llama-3.2-1B-Instruct-GGUF       152,003      120  2024-09-26
                meta-llama/Llama-3.2-1B-Instruct-GGUF        9,001       43  2024-10-01  gated: needs an access token
                """, found.out());
        assertTrue(hub.searchQueries.getFirst().contains("search=llama%203.2"), hub.searchQueries.toString());

        hub.file(REPO, "stories260K-F32.gguf", model);
        CliTest.Outcome files = cairn("search", REPO, "--hub-url", hub.uri().toString());
        assertEquals(0, files.exitCode(), files.stderr());
        assertTrue(files.out().matches("(?s).*\\nstories260K-F32\\.gguf +" + Bytes.format(model.length) + " +F32 +fits in memory\\n.*"),
                files.out());
    }

    @Test
    void modelsListsDownloadsWithSizeLastUseAndUnfinishedOnes() throws Exception {
        Path models = data.resolve("models");
        Path done = models.resolve("owner/repo/done-Q8_0.gguf");
        Files.createDirectories(done.getParent());
        Files.write(done, model);
        new LocalModels(models, LocalModels.usageFile(data)).markUsed(done, Instant.parse("2026-01-02T03:04:00Z"));
        String url = hub.plainFile("stories260K.gguf", model).toString();
        hub.dropAfter = 100_000;
        hub.drops.set(1);
        cairn("pull", url, "--dir", models.resolve("127.0.0.1").toString(), "--retries", "0");

        CliTest.Outcome listed = cairn("models");
        assertEquals(0, listed.exitCode(), listed.stderr());
        String[] lines = listed.out().split("\n");
        assertEquals(2, lines.length, listed.out());
        assertTrue(lines[0].startsWith("127.0.0.1/stories260K.gguf  unfinished: "), lines[0]);
        assertTrue(lines[0].endsWith(" of " + Bytes.format(model.length) + " (cairn pull resumes it)"), lines[0]);
        assertTrue(lines[1].startsWith("owner/repo/done-Q8_0.gguf   "), lines[1]);
        assertTrue(lines[1].contains(Bytes.format(model.length) + "  last used 2026-01-"), lines[1]);
    }
}
