package dev.cairn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
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
