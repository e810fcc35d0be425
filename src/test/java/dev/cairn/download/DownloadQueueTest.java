package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.Fixtures;
import dev.cairn.testing.HubTestServer;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several downloads queue and run one at a time; each pauses, resumes and cancels. */
class DownloadQueueTest {

    @TempDir
    Path models;

    HubTestServer hub;
    DownloadQueue queue;
    Downloader downloader;
    byte[] model;
    /** Every state change, in the order the queue's thread reported them: "a.gguf RUNNING". */
    final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hub = HubTestServer.start();
        model = Files.readAllBytes(Fixtures.model("stories260K.gguf"));
        downloader = new Downloader(new HubHttp(hub.uri(), Optional.empty(), HttpClient.Builder.NO_PROXY),
                Storage.DISK, DownloadTest.NO_WAIT, System::nanoTime, Downloader.STALL_TIMEOUT);
        queue = new DownloadQueue();
    }

    @AfterEach
    void stop() {
        queue.close();
        hub.close();
    }

    DownloadQueue.Job add(String name) {
        RemoteFile file = new RemoteFile(Optional.empty(), name, hub.plainFile(name, model), model.length, Optional.empty());
        return queue.add(downloader, new DownloadRequest(file, models.resolve(name), Optional.empty(), 4096), new DownloadQueue.JobListener() {
            @Override
            public void changed(DownloadQueue.Job job) {
                String change = name + " " + job.state();
                seen.add(change);
                changes.add(change);
            }
        });
    }

    void await(String change) throws InterruptedException {
        for (String next = changes.poll(30, TimeUnit.SECONDS); !change.equals(next); next = changes.poll(30, TimeUnit.SECONDS)) {
            if (next == null) {
                throw new AssertionError("no '" + change + "' after " + seen);
            }
        }
    }

    @Test
    void downloadsRunOneAfterAnother() throws Exception {
        DownloadQueue.Job a = add("a.gguf");
        DownloadQueue.Job b = add("b.gguf");
        await("b.gguf DONE");
        assertEquals(List.of("a.gguf RUNNING", "a.gguf DONE", "b.gguf RUNNING", "b.gguf DONE"), seen);
        assertEquals(DownloadQueue.State.DONE, a.state());
        assertArrayEquals(model, Files.readAllBytes(b.result().orElseThrow().file()));
    }

    @Test
    void aRunningDownloadPausesResumesAndAnotherCancels() throws Exception {
        hub.stallAfter = 100_000;
        DownloadQueue.Job a = add("a.gguf");
        assertTrue(hub.stalled.await(30, TimeUnit.SECONDS));
        DownloadQueue.Job b = add("b.gguf");
        b.pause(); // still queued: it will not start
        a.pause();
        await("a.gguf PAUSED");
        assertTrue(Files.exists(new PartFile(models.resolve("a.gguf")).path()), "a pause keeps what arrived");
        hub.stallAfter = -1;
        hub.releaseStall();
        a.resume();
        await("a.gguf DONE");
        assertArrayEquals(model, Files.readAllBytes(models.resolve("a.gguf")));
        assertEquals(DownloadQueue.State.PAUSED, b.state());
        b.cancel();
        await("b.gguf CANCELLED");
        assertFalse(Files.exists(models.resolve("b.gguf")));
    }

    @Test
    void aFailedDownloadSaysWhyAndCanBeTriedAgain() throws Exception {
        hub.dropAfter = 0;
        hub.drops.set(4);
        DownloadQueue.Job a = add("a.gguf");
        await("a.gguf FAILED");
        assertEquals(DownloadException.Kind.NETWORK, a.failure().orElseThrow().kind());
        a.resume();
        await("a.gguf DONE");
        assertArrayEquals(model, Files.readAllBytes(models.resolve("a.gguf")));
    }
}
