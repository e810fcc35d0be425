package dev.cairn.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Zoom and pan maths of the shared time window, and the frame gate and axis that go with it. */
class TimeViewportTest {

    private final TimeViewport viewport = new TimeViewport();

    TimeViewportTest() {
        viewport.resize(1000);
    }

    @Test
    void theFirstSizeShowsOneSecondEndingAtTheNewestEvent() {
        assertTrue(viewport.follow(5_000_000_000L));
        assertEquals(1e6, viewport.nanosPerPixel());
        assertEquals(4e9, viewport.startNanos());
        assertEquals(500, viewport.x(4.5e9));
        assertEquals(4.5e9, viewport.nanosAt(500));
        assertFalse(viewport.follow(5_000_000_000L), "no move, no redraw");
    }

    @Test
    void zoomKeepsTheTimeUnderTheMouseWhereItIs() {
        viewport.show(0, 1e9);
        double under = viewport.nanosAt(250);
        viewport.zoom(4, 250);
        assertEquals(under, viewport.nanosAt(250), 1e-3);
        assertEquals(250_000, viewport.nanosPerPixel(), 1e-9);
        viewport.zoom(0.25, 250);
        assertEquals(0, viewport.startNanos(), 1e-3);
        assertEquals(1e9, viewport.endNanos(), 1e-3);
    }

    @Test
    void zoomWhileFollowingLiveKeepsTheLiveEdge() {
        viewport.follow(9_000_000_000L);
        viewport.zoom(10, 100);
        assertEquals(9e9, viewport.endNanos());
        assertEquals(1e5, viewport.nanosPerPixel(), 1e-9);
        assertTrue(viewport.followsLive());
    }

    @Test
    void zoomStopsAtItsLimits() {
        viewport.zoom(1e12, 0);
        assertEquals(TimeViewport.MIN_NANOS_PER_PIXEL, viewport.nanosPerPixel());
        viewport.zoom(1e-20, 0);
        assertEquals(TimeViewport.MAX_NANOS_PER_PIXEL, viewport.nanosPerPixel());
    }

    @Test
    void draggingRightShowsEarlierTimesAndStopsFollowing() {
        viewport.follow(2_000_000_000L);
        viewport.pan(100);
        assertFalse(viewport.followsLive());
        assertEquals(1.9e9, viewport.endNanos(), 1e-3);
        assertFalse(viewport.follow(3_000_000_000L), "a panned view stays where it was put");
        viewport.followLive(true);
        assertTrue(viewport.follow(3_000_000_000L));
        assertEquals(3e9, viewport.endNanos());
    }

    @Test
    void resizingKeepsTheScaleAndTheRightEdge() {
        viewport.show(0, 1e9);
        viewport.resize(500);
        assertEquals(1e6, viewport.nanosPerPixel());
        assertEquals(1e9, viewport.endNanos());
        assertEquals(0.5e9, viewport.startNanos());
    }

    @Test
    void theDominantStateColoursAPixelColumn() {
        ColumnCoverage coverage = new ColumnCoverage(3);
        coverage.reset(4);
        coverage.add(0.0, 0.3, 1);
        coverage.add(0.3, 1.6, 2);
        coverage.add(1.6, 2.0, 1);
        coverage.add(3.5, 9.0, 0);
        assertEquals(2, coverage.dominant(0));
        assertEquals(2, coverage.dominant(1), "0.6 of state 2 against 0.4 of state 1");
        assertEquals(-1, coverage.dominant(2));
        assertEquals(0, coverage.dominant(3), "clipped to the last column");
        coverage.reset(4);
        assertEquals(-1, coverage.dominant(1), "a reset forgets the previous row");
    }

    @Test
    void framesAreAtLeast33MillisecondsApart() {
        IntervalGate gate = new IntervalGate(IntervalGate.FRAME_NANOS);
        assertTrue(gate.open(1_000_000_000L));
        assertFalse(gate.open(1_020_000_000L));
        assertTrue(gate.open(1_033_000_000L));
        assertFalse(gate.open(1_065_999_999L));
        assertTrue(new IntervalGate(IntervalGate.FRAME_NANOS).open(Long.MIN_VALUE), "the first time always opens");
    }

    @Test
    void axisTicksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(100_000_000L, TimeAxis.step(1e6, 90));
        assertEquals(200_000L, TimeAxis.step(1_500, 90));
        assertEquals(5_000L, TimeAxis.step(40, 90));
        assertEquals("0.3 s", TimeAxis.label(300_000_000L, 100_000_000L));
        assertEquals("20 ms", TimeAxis.label(20_000_000L, 5_000_000L));
        assertEquals("1.4 ms", TimeAxis.label(1_400_000L, 200_000L));
        assertEquals("15 µs", TimeAxis.label(15_000L, 5_000L));
        assertEquals("3 s", TimeAxis.label(3_000_000_000L, 1_000_000_000L));
    }
}
