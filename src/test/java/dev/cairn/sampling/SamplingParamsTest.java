package dev.cairn.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SamplingParamsTest {

    @Test
    void defaultsAreLlamaCppDefaults() {
        SamplingParams p = SamplingParams.defaults();
        assertEquals(0.8, p.temperature());
        assertEquals(40, p.topK());
        assertEquals(0.95, p.topP());
        assertEquals(0.05, p.minP());
        assertEquals(1.0, p.repeatPenalty());
        assertEquals(64, p.repeatLastN());
        assertFalse(p.isGreedy());
    }

    @Test
    void greedyHasEveryFilterOff() {
        SamplingParams p = SamplingParams.greedy();
        assertTrue(p.isGreedy());
        assertEquals(0, p.topK());
        assertEquals(1.0, p.topP());
        assertEquals(0.0, p.minP());
        assertEquals(1.0, p.repeatPenalty());
    }

    @Test
    void withMethodsChangeOnlyTheirComponent() {
        SamplingParams base = SamplingParams.defaults();
        assertEquals(new SamplingParams(1.5, 40, 0.95, 0.05, 1.0, 64, base.seed()), base.withTemperature(1.5));
        assertEquals(new SamplingParams(0.8, 7, 0.95, 0.05, 1.0, 64, base.seed()), base.withTopK(7));
        assertEquals(new SamplingParams(0.8, 40, 0.5, 0.05, 1.0, 64, base.seed()), base.withTopP(0.5));
        assertEquals(new SamplingParams(0.8, 40, 0.95, 0.2, 1.0, 64, base.seed()), base.withMinP(0.2));
        assertEquals(new SamplingParams(0.8, 40, 0.95, 0.05, 1.1, 64, base.seed()), base.withRepeatPenalty(1.1));
        assertEquals(new SamplingParams(0.8, 40, 0.95, 0.05, 1.0, 8, base.seed()), base.withRepeatLastN(8));
        assertEquals(new SamplingParams(0.8, 40, 0.95, 0.05, 1.0, 64, 123L), base.withSeed(123L));
    }

    @Test
    void boundaryValuesAreAccepted() {
        SamplingParams p = SamplingParams.defaults();
        p.withTemperature(0).withTopK(0).withTopP(1.0).withMinP(0).withRepeatLastN(0);
        p.withTopP(Double.MIN_VALUE).withMinP(1.0).withRepeatPenalty(Double.MIN_VALUE);
    }

    @Test
    void invalidValuesAreRejectedWithClearMessages() {
        SamplingParams p = SamplingParams.defaults();
        assertRejected("temperature must be a finite number >= 0 (0 means greedy), got -0.1",
                () -> p.withTemperature(-0.1));
        assertRejected("temperature must be a finite number >= 0 (0 means greedy), got NaN",
                () -> p.withTemperature(Double.NaN));
        assertRejected("temperature must be a finite number >= 0 (0 means greedy), got Infinity",
                () -> p.withTemperature(Double.POSITIVE_INFINITY));
        assertRejected("topK must be >= 0 (0 means off), got -1", () -> p.withTopK(-1));
        assertRejected("topP must be in (0, 1] (1 means off), got 0.0", () -> p.withTopP(0));
        assertRejected("topP must be in (0, 1] (1 means off), got 1.5", () -> p.withTopP(1.5));
        assertRejected("topP must be in (0, 1] (1 means off), got NaN", () -> p.withTopP(Double.NaN));
        assertRejected("minP must be in [0, 1] (0 means off), got -0.01", () -> p.withMinP(-0.01));
        assertRejected("minP must be in [0, 1] (0 means off), got 1.01", () -> p.withMinP(1.01));
        assertRejected("repeatPenalty must be a finite number > 0 (1 means off), got 0.0",
                () -> p.withRepeatPenalty(0));
        assertRejected("repeatPenalty must be a finite number > 0 (1 means off), got -1.1",
                () -> p.withRepeatPenalty(-1.1));
        assertRejected("repeatLastN must be >= 0 (0 means off), got -1", () -> p.withRepeatLastN(-1));
    }

    private static void assertRejected(String message, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertEquals(message, e.getMessage());
    }
}
