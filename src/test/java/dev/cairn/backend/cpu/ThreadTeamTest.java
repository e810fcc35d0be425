package dev.cairn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ThreadTeamTest {

    @Test
    void everyChunkRunsExactlyOnceAcrossManyRounds() {
        try (ThreadTeam team = new ThreadTeam(3)) {
            for (int round = 0; round < 2_000; round++) {
                int chunks = 1 + round % 37;
                AtomicIntegerArray hits = new AtomicIntegerArray(chunks);
                team.parallelFor(chunks, hits::incrementAndGet);
                for (int c = 0; c < chunks; c++) {
                    assertEquals(1, hits.get(c), "round " + round + " chunk " + c);
                }
            }
        }
    }

    @Test
    void aWorkerStartsOnTheFirstChunkOfItsOwnShare() throws Exception {
        int chunks = 20;
        try (ThreadTeam team = new ThreadTeam(2)) {
            Thread caller = Thread.currentThread();
            CountDownLatch workerStarted = new CountDownLatch(1);
            AtomicInteger workersFirst = new AtomicInteger(-1);
            team.parallelFor(chunks, c -> {
                if (Thread.currentThread() != caller) {
                    workersFirst.compareAndSet(-1, c);
                    workerStarted.countDown();
                } else if (c == 0) {
                    await(workerStarted); // the caller holds its first chunk until the worker has claimed one
                }
            });
            assertEquals(chunks / 2, workersFirst.get(), "the worker's share is the second half");
        }
    }

    @Test
    void aStalledThreadsShareIsFinishedByTheOthers() throws Exception {
        int chunks = 16;
        int stalled = chunks / 2; // the first chunk of the worker's share
        try (ThreadTeam team = new ThreadTeam(2)) {
            Thread caller = Thread.currentThread();
            AtomicReferenceArray<Thread> ranBy = new AtomicReferenceArray<>(chunks);
            CountDownLatch workerInItsShare = new CountDownLatch(1);
            CountDownLatch othersDone = new CountDownLatch(chunks - 1);
            team.parallelFor(chunks, c -> {
                ranBy.set(c, Thread.currentThread());
                if (c == stalled) {
                    workerInItsShare.countDown();
                    await(othersDone); // the worker stalls until every other chunk has run
                    return;
                }
                if (c == 0) {
                    await(workerInItsShare); // so that the worker, not the caller, takes the stalled chunk
                }
                othersDone.countDown();
            });
            for (int c = 0; c < chunks; c++) {
                if (c == stalled) {
                    assertTrue(ranBy.get(c) != caller, "the worker took the first chunk of its share");
                } else {
                    assertEquals(caller, ranBy.get(c), "chunk " + c + " ran on the caller while the worker stalled");
                }
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("gave up waiting: another thread never got to its chunk");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailingChunkIsReportedAndTheTeamStaysUsable() {
        try (ThreadTeam team = new ThreadTeam(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.parallelFor(64, c -> {
                if (c == 13) {
                    throw new ArithmeticException("boom");
                }
            }));
            assertTrue(e.getCause() instanceof ArithmeticException);
            AtomicIntegerArray hits = new AtomicIntegerArray(8);
            team.parallelFor(8, hits::incrementAndGet);
            for (int c = 0; c < 8; c++) {
                assertEquals(1, hits.get(c));
            }
        }
    }

    @Test
    void closeStopsTheWorkers() {
        ThreadTeam team = new ThreadTeam(3);
        team.parallelFor(10, c -> { });
        assertTrue(team.workersAlive() == 2);
        team.close();
        assertEquals(0, team.workersAlive());
    }
}
