package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.Bytes;
import dev.cairn.testing.Fixtures;
import dev.cairn.testing.HubTestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a Hub on loopback: resume, restarts, checks, and what the server or the disk does wrong. */
class DownloadTest {

    static final String REPO = "cairn-test/stories-GGUF";
    static final String FILE = "stories260K-F32.gguf";
    static final Retry NO_WAIT = new Retry(3, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path models;

    HubTestServer hub;
    byte[] model;
    final List<String> notes = new CopyOnWriteArrayList<>();
    final AtomicLong lastProgress = new AtomicLong();
    /** Counted down once {@link #progressTarget} bytes have arrived. */
    final CountDownLatch progressReached = new CountDownLatch(1);
    volatile long progressTarget = Long.MAX_VALUE;
    final List<HeaderReport> headers = new CopyOnWriteArrayList<>();

    final DownloadListener listener = new DownloadListener() {
        @Override
        public void note(String message) {
            notes.add(message);
        }

        @Override
        public void progress(Progress progress) {
            lastProgress.set(progress.done());
            if (progress.done() >= progressTarget) {
                progressReached.countDown();
            }
        }

        @Override
        public void header(HeaderReport report) {
            headers.add(report);
        }
    };

    @BeforeEach
    void startHub() throws IOException {
        hub = HubTestServer.start();
        model = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        hub.file(REPO, FILE, model);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    Downloader downloader(Optional<AccessToken> token, Storage storage, Retry retry) {
        return new Downloader(new HubHttp(hub.uri(), token, HttpClient.Builder.NO_PROXY), storage, retry, System::nanoTime,
                Downloader.STALL_TIMEOUT);
    }

    Downloader downloader() {
        return downloader(Optional.empty(), Storage.DISK, NO_WAIT);
    }

    RemoteFile listed(String repo, String name) throws DownloadException {
        try (HubClient client = new HubClient(new HubHttp(hub.uri(), Optional.empty(), HttpClient.Builder.NO_PROXY))) {
            return client.files(repo).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        }
    }

    DownloadRequest request(RemoteFile file) {
        return new DownloadRequest(file, models.resolve(file.fileName()), Optional.empty(), 4096);
    }

    FileDownload.Result download(Downloader downloader, RemoteFile file) throws DownloadException {
        return downloader.download(request(file), listener).run();
    }

    void assertNothingKept(Path target) {
        assertFalse(Files.exists(target), target + " must not exist");
        assertFalse(Files.exists(new PartFile(target).path()), "no part");
        assertFalse(Files.exists(new PartFile(target).statePath()), "no state");
    }

    @Test
    void aHubFileArrivesWithItsPublishedSha256CheckedAndItsHeaderRead() throws Exception {
        FileDownload.Result result = download(downloader(), listed(REPO, FILE));
        assertEquals(FileDownload.Status.DONE, result.status());
        assertTrue(result.verified());
        assertEquals(HubTestServer.sha256(model), result.sha256());
        assertArrayEquals(model, Files.readAllBytes(models.resolve(FILE)));
        assertFalse(Files.exists(new PartFile(models.resolve(FILE)).path()));
        assertEquals(1, headers.size());
        assertEquals("llama", headers.getFirst().summary().architecture());
        assertTrue(headers.getFirst().describe().startsWith("llama, "), headers.getFirst().describe());
    }

    /** The byte a request asked to start at ("GET /cdn/0 bytes=1234-"), 0 for the whole file. */
    static long rangeStart(String request) {
        return request.endsWith("null") ? 0 : Long.parseLong(request.replaceAll(".*bytes=(\\d+)-$", "$1"));
    }

    @Test
    void resumesWhereAKilledConnectionStopped() throws Exception {
        hub.dropAfter = 300_000;
        hub.drops.set(1);
        FileDownload.Result result = download(downloader(), listed(REPO, FILE));
        assertEquals(FileDownload.Status.DONE, result.status());
        assertArrayEquals(model, Files.readAllBytes(models.resolve(FILE)));
        List<String> bodies = hub.requestsFor("/cdn/");
        assertEquals(2, bodies.size(), bodies.toString());
        // The client may lose the last bytes that were on their way when the connection died: it resumes
        // after the last byte it wrote, so the server sends those again and nothing else.
        long resumedAt = rangeStart(bodies.get(1));
        assertTrue(resumedAt > 0 && resumedAt <= 300_000, bodies.toString());
        assertEquals(model.length + 300_000 - resumedAt, hub.bodyBytesSent.get());
        assertTrue(notes.stream().anyMatch(n -> n.contains("the connection dropped after " + Bytes.format(resumedAt))), notes.toString());
    }

    @Test
    void resumesAfterARestartFromWhatThePartFileHolds() throws Exception {
        hub.dropAfter = 400_000;
        hub.drops.set(1);
        RemoteFile file = listed(REPO, FILE);
        DownloadException interrupted = assertThrows(DownloadException.class,
                () -> download(downloader(Optional.empty(), Storage.DISK, NO_WAIT.withAttempts(0)), file));
        assertEquals(DownloadException.Kind.NETWORK, interrupted.kind());
        assertTrue(interrupted.getMessage().contains("run it again to resume"), interrupted.getMessage());
        PartFile part = new PartFile(models.resolve(FILE));
        long kept = Files.size(part.path());
        assertTrue(kept > 0 && kept <= 400_000, kept + " bytes kept");
        assertTrue(Files.exists(part.statePath()));

        // A new process: nothing in memory but the part and its state file.
        notes.clear();
        FileDownload.Result result = download(downloader(), listed(REPO, FILE));
        assertEquals(FileDownload.Status.DONE, result.status());
        assertArrayEquals(model, Files.readAllBytes(models.resolve(FILE)));
        assertEquals(kept, rangeStart(hub.requestsFor("/cdn/").getLast()), hub.requests.toString());
        assertEquals("resuming at " + Bytes.format(kept) + " of " + Bytes.format(model.length), notes.getFirst());
        assertFalse(Files.exists(part.statePath()));
    }

    @Test
    void aServerWithoutRangeSupportStartsOverFromZeroAndSaysSo() throws Exception {
        hub.rangeSupport = false;
        hub.dropAfter = 300_000;
        hub.drops.set(1);
        FileDownload.Result result = download(downloader(), listed(REPO, FILE));
        assertEquals(FileDownload.Status.DONE, result.status());
        assertArrayEquals(model, Files.readAllBytes(models.resolve(FILE)));
        assertTrue(notes.stream().anyMatch(n -> n.equals("the server cannot resume (it ignores range requests); starting again from zero")),
                notes.toString());
        assertEquals(model.length + 300_000, hub.bodyBytesSent.get(), "the whole file a second time");
    }

    @Test
    void aChecksumMismatchKeepsNothingAndSaysSo() throws Exception {
        byte[] tampered = model.clone();
        tampered[tampered.length - 1] ^= 1;
        hub.file(REPO, "tampered.gguf", new HubTestServer.Hosted(tampered, HubTestServer.sha256(model), tampered.length));
        DownloadException e = assertThrows(DownloadException.class, () -> download(downloader(), listed(REPO, "tampered.gguf")));
        assertEquals(DownloadException.Kind.CHECKSUM, e.kind());
        assertTrue(e.getMessage().contains("the SHA-256 of what arrived is " + HubTestServer.sha256(tampered)
                + ", not the expected " + HubTestServer.sha256(model) + "; nothing was kept"), e.getMessage());
        assertNothingKept(models.resolve("tampered.gguf"));
    }

    @Test
    void aGivenSha256OutranksThePublishedOne() throws Exception {
        String wrong = "ab".repeat(32);
        DownloadRequest request = new DownloadRequest(listed(REPO, FILE), models.resolve(FILE), Optional.of(wrong), 4096);
        DownloadException e = assertThrows(DownloadException.class, () -> downloader().download(request, listener).run());
        assertEquals(DownloadException.Kind.CHECKSUM, e.kind());
        assertTrue(e.getMessage().contains("not the expected " + wrong), e.getMessage());
        assertNothingKept(models.resolve(FILE));
    }

    @Test
    void aFileThatIsNotGgufStopsWithinTheFirstMegabyte() throws Exception {
        byte[] page = Arrays.copyOf("<!DOCTYPE html><html><body>Sign in</body></html>".getBytes(StandardCharsets.US_ASCII), 32 << 20);
        hub.file(REPO, "not-a-model.gguf", page);
        DownloadException e = assertThrows(DownloadException.class, () -> download(downloader(), listed(REPO, "not-a-model.gguf")));
        assertEquals(DownloadException.Kind.NOT_RUNNABLE, e.kind());
        assertTrue(e.getMessage().contains("not a GGUF file"), e.getMessage());
        assertTrue(lastProgress.get() <= 1 << 20, "stopped after " + lastProgress.get() + " bytes");
        assertNothingKept(models.resolve("not-a-model.gguf"));
    }

    @Test
    void aModelCairnCannotRunStopsWithTheReason() throws Exception {
        hub.file(REPO, "mamba.gguf", GgufVariants.withArchitecture(model, "mamba"));
        DownloadException e = assertThrows(DownloadException.class, () -> download(downloader(), listed(REPO, "mamba.gguf")));
        assertEquals(DownloadException.Kind.NOT_RUNNABLE, e.kind());
        assertTrue(e.getMessage().contains("architecture 'mamba' is not supported"), e.getMessage());
        assertNothingKept(models.resolve("mamba.gguf"));
    }

    @Test
    void cancelStopsADownloadFromASlowServerAndKeepsNothing() throws Exception {
        hub.stallAfter = 200_000;
        FileDownload download = downloader().download(request(listed(REPO, FILE)), listener);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<FileDownload.Result> running = thread.submit(download::run);
            assertTrue(hub.stalled.await(30, TimeUnit.SECONDS), "the server sent its first bytes");
            download.cancel();
            assertEquals(FileDownload.Status.CANCELLED, running.get(30, TimeUnit.SECONDS).status());
        } finally {
            thread.shutdownNow();
        }
        assertNothingKept(models.resolve(FILE));
    }

    @Test
    void pauseKeepsThePartAndTheNextRunFinishes() throws Exception {
        hub.stallAfter = 200_000;
        progressTarget = 200_000;
        RemoteFile file = listed(REPO, FILE);
        FileDownload download = downloader().download(request(file), listener);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<FileDownload.Result> running = thread.submit(download::run);
            assertTrue(progressReached.await(30, TimeUnit.SECONDS), "the first 200,000 bytes arrived");
            download.pause();
            assertEquals(FileDownload.Status.PAUSED, running.get(30, TimeUnit.SECONDS).status());
        } finally {
            thread.shutdownNow();
        }
        assertEquals(200_000, Files.size(new PartFile(models.resolve(FILE)).path()));
        hub.stallAfter = -1;
        hub.releaseStall();
        assertEquals(FileDownload.Status.DONE, download(downloader(), file).status());
        assertArrayEquals(model, Files.readAllBytes(models.resolve(FILE)));
    }

    @Test
    void aConnectionThatStallsCountsAsDroppedAndTheDownloadResumesOnANewOne() throws Exception {
        hub.stallAfter = 200_000;
        hub.stallOnce = true;
        Downloader impatient = new Downloader(new HubHttp(hub.uri(), Optional.empty(), HttpClient.Builder.NO_PROXY), Storage.DISK,
                NO_WAIT, System::nanoTime, Duration.ofMillis(300));
        FileDownload.Result result = download(impatient, listed(REPO, FILE));
        assertEquals(FileDownload.Status.DONE, result.status());
        assertArrayEquals(model, Files.readAllBytes(models.resolve(FILE)));
        assertTrue(notes.stream().anyMatch(n -> n.contains("the connection dropped after ") && n.contains("(nothing arrived for 0 s)")),
                notes.toString());
        assertTrue(rangeStart(hub.requestsFor("/cdn/").getLast()) > 0, hub.requests.toString());
    }

    @Test
    void aMissingFileIsA404ThatSaysWhatIsMissing() throws Exception {
        RemoteFile missing = new RemoteFile(Optional.of(REPO), "nope.gguf", hub.uri().resolve("/" + REPO + "/resolve/main/nope.gguf"),
                -1, Optional.empty());
        DownloadException e = assertThrows(DownloadException.class, () -> download(downloader(), missing));
        assertEquals(DownloadException.Kind.NOT_FOUND, e.kind());
        assertEquals(REPO + "/nope.gguf: no such file in the repository (404, " + hub.uri() + "/" + REPO
                + "/resolve/main/nope.gguf). The server says: Entry not found", e.getMessage());
        assertNothingKept(models.resolve("nope.gguf"));
    }

    @Test
    void aGatedFileWithoutATokenSaysHowToGetAccessAndTheTokenGoesOnlyToTheHub() throws Exception {
        String token = "hf_secretTokenValue1234567890";
        hub.gate(REPO, token);
        RemoteFile file = listed(REPO, FILE);

        DownloadException none = assertThrows(DownloadException.class, () -> download(downloader(), file));
        assertEquals(DownloadException.Kind.ACCESS, none.kind());
        assertTrue(none.getMessage().startsWith(REPO + "/" + FILE + " is gated (401): accept its conditions on its page"
                + " while logged in, then give Cairn an access token (Settings, or HF_TOKEN)."), none.getMessage());

        DownloadException wrong = assertThrows(DownloadException.class,
                () -> download(downloader(Optional.of(new AccessToken("hf_other")), Storage.DISK, NO_WAIT), file));
        assertTrue(wrong.getMessage().contains("is gated (403): the access token has no access to it"), wrong.getMessage());

        FileDownload.Result result = download(downloader(Optional.of(new AccessToken(token)), Storage.DISK, NO_WAIT), file);
        assertEquals(FileDownload.Status.DONE, result.status());
        assertEquals(List.of(), hub.authorizationAtCdn, "the token never goes to the CDN the hub redirects to");
        for (String message : List.of(none.getMessage(), wrong.getMessage(), String.join("\n", notes),
                new AccessToken(token).toString())) {
            assertFalse(message.contains("hf_secret") || message.contains("hf_other"), message);
        }
    }

    @Test
    void aFullDiskStopsTheDownloadKeepingWhatArrivedAndAResumeFinishesIt() throws Exception {
        Storage fullAfter300k = new RoomyDisk() {
            /** Writes what still fits, as a full disk does, and fails once nothing does. */
            @Override
            public int write(FileChannel part, ByteBuffer bytes, long position) throws IOException {
                long room = 300_000;
                if (position >= room) {
                    throw new IOException("No space left on device");
                }
                ByteBuffer fits = bytes.slice(bytes.position(), (int) Math.min(bytes.remaining(), room - position));
                int written = part.write(fits, position);
                bytes.position(bytes.position() + written);
                return written;
            }
        };
        RemoteFile file = listed(REPO, FILE);
        DownloadException e = assertThrows(DownloadException.class,
                () -> download(downloader(Optional.empty(), fullAfter300k, NO_WAIT), file));
        assertEquals(DownloadException.Kind.NO_SPACE, e.kind());
        assertTrue(e.getMessage().contains("the disk is full (No space left on device); the 292.97 KiB that arrived are kept"),
                e.getMessage());
        assertEquals(300_000, Files.size(new PartFile(models.resolve(FILE)).path()));
        assertEquals(FileDownload.Status.DONE, download(downloader(), file).status());
        assertArrayEquals(model, Files.readAllBytes(models.resolve(FILE)));
    }

    @Test
    void tooLittleFreeSpaceIsRefusedBeforeAnyByteIsFetched() throws Exception {
        Storage almostFull = new Storage() {
            @Override
            public long usableBytes(Path folder) {
                return 1000;
            }

            @Override
            public FileChannel open(Path part) throws IOException {
                return Storage.DISK.open(part);
            }
        };
        DownloadException e = assertThrows(DownloadException.class,
                () -> download(downloader(Optional.empty(), almostFull, NO_WAIT), listed(REPO, FILE)));
        assertEquals(DownloadException.Kind.NO_SPACE, e.kind());
        assertTrue(e.getMessage().startsWith(FILE + " needs " + Bytes.format(model.length) + " more and "), e.getMessage());
        assertEquals(List.of(), hub.requestsFor("/cdn/"));
    }

    @Test
    void aConnectionThatKeepsDroppingGivesUpAfterTheRetriesKeepingWhatArrived() throws Exception {
        hub.dropAfter = 0;
        hub.drops.set(100);
        DownloadException e = assertThrows(DownloadException.class, () -> download(downloader(), listed(REPO, FILE)));
        assertEquals(DownloadException.Kind.NETWORK, e.kind());
        assertEquals(4, hub.requestsFor("/cdn/").size(), "the first try and three retries");
        assertEquals(3, notes.stream().filter(n -> n.contains("trying again in 0 s")).count(), notes.toString());
    }

    @Test
    void aPlainUrlWithoutPublishedHashIsKeptWithItsHashComputed() throws Exception {
        java.net.URI url = hub.plainFile("stories260K.gguf", model);
        RemoteFile file = new RemoteFile(Optional.empty(), "stories260K.gguf", url, -1, Optional.empty());
        FileDownload.Result result = download(downloader(), file);
        assertFalse(result.verified());
        assertEquals(HubTestServer.sha256(model), result.sha256());
        assertArrayEquals(model, Files.readAllBytes(models.resolve("stories260K.gguf")));
    }
}
