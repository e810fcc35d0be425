package dev.cairn.app.inspector;

import static dev.cairn.runtime.metrics.EventType.CACHE_HIT;
import static dev.cairn.runtime.metrics.EventType.DECODE_START;
import static dev.cairn.runtime.metrics.EventType.PREFILL_START;
import static dev.cairn.runtime.metrics.EventType.REQUEST_DEQUEUED;
import static dev.cairn.runtime.metrics.EventType.REQUEST_END;
import static dev.cairn.runtime.metrics.EventType.REQUEST_QUEUED;
import static dev.cairn.runtime.metrics.EventType.COMPUTE_END;
import static dev.cairn.runtime.metrics.EventType.COMPUTE_START;
import static dev.cairn.runtime.metrics.EventType.EVICT;
import static dev.cairn.runtime.metrics.EventType.IO_END;
import static dev.cairn.runtime.metrics.EventType.IO_ERROR;
import static dev.cairn.runtime.metrics.EventType.IO_START;
import static dev.cairn.runtime.metrics.EventType.LAYER_REQUEST;
import static dev.cairn.runtime.metrics.EventType.PASS_END;
import static dev.cairn.runtime.metrics.EventType.SYNC_MISS;
import static dev.cairn.runtime.metrics.EventType.UPLOAD_END;
import static dev.cairn.runtime.metrics.EventType.UPLOAD_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.metrics.EventRing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heatmap and timeline models, fed through a real {@link EventRing} with explicit timestamps. */
class InspectorModelTest {

    private final EventRing ring = new EventRing(1024);
    private final InspectorModel model = new InspectorModel(3);

    @Test
    void aStreamedLayerGoesThroughEveryState() {
        ring.record(IO_START, 1, 0, 100, 4096);
        ring.record(IO_END, 1, 0, 200, 4096);
        ring.record(LAYER_REQUEST, 1, 0, 250, 0);
        ring.record(CACHE_HIT, 1, 0, 250, 0);
        ring.record(COMPUTE_START, 1, 0, 300, 0);
        ring.record(COMPUTE_END, 1, 0, 400, 0);
        ring.record(EVICT, 1, 0, 500, 4096);
        assertEquals(7, model.drain(ring));

        LayerHeatmap heatmap = model.heatmap();
        assertEquals(LayerState.NOT_CACHED, heatmap.stateAt(1, 50));
        assertEquals(LayerState.LOADING, heatmap.stateAt(1, 150));
        assertEquals(LayerState.PREFETCHED, heatmap.stateAt(1, 260));
        assertEquals(LayerState.COMPUTING, heatmap.stateAt(1, 350));
        assertEquals(LayerState.CACHED, heatmap.stateAt(1, 450));
        assertEquals(LayerState.EVICTED, heatmap.stateAt(1, 10_000));
        assertEquals(LayerState.NOT_CACHED, heatmap.stateAt(0, 10_000), "layer 0 had no events");
        assertEquals(100, model.origin());
        assertEquals(500, model.latest());
    }

    /** On a GPU a layer is read into staging, crosses the bus into its device slot, then waits to be computed. */
    @Test
    void aLayerStreamingIntoAGpuIsUploadingIntoItsDeviceSlot() {
        ring.record(IO_START, 2, 0, 100, 4096);
        ring.record(UPLOAD_START, 2, 1, 150, 4096); // lane: the device slot
        ring.record(UPLOAD_END, 2, 1, 180, 4096);
        ring.record(IO_END, 2, 0, 190, 4096);
        ring.record(COMPUTE_START, 2, 0, 300, 0);
        model.drain(ring);

        LayerHeatmap heatmap = model.heatmap();
        assertEquals(LayerState.LOADING, heatmap.stateAt(2, 120));
        assertEquals(LayerState.UPLOADING, heatmap.stateAt(2, 160));
        assertEquals(LayerState.PREFETCHED, heatmap.stateAt(2, 185));
        assertEquals(LayerState.PREFETCHED, heatmap.stateAt(2, 250), "the read's end after the upload changes nothing");
        assertEquals(1, heatmap.track(2).deviceSlot());
        assertEquals("layer 2 · gpu 1", HeatmapCanvas.label(2, heatmap.track(2)));
        assertEquals(-1, heatmap.track(0).deviceSlot(), "no upload, no device slot");
        assertEquals("layer 0", HeatmapCanvas.label(0, heatmap.track(0)));
        LayerTrack track = heatmap.track(2);
        assertEquals("UPLOAD_START · layer 2 · t=0.000 ms · 4.00 KiB into GPU slot 1 · then uploading",
                Describe.entry(2, track, track.first() + 1, model.origin()));
    }

    /** A server request waits in the queue's place 0, then session 1 evaluates its prompt and decodes its answer. */
    @Test
    void serverRequestsAreQueuedPrefillAndDecodeSpansOnTheirLanes() {
        ring.record(COMPUTE_START, 0, 0, 5, 0);
        ring.record(COMPUTE_END, 0, 0, 8, 0);
        ring.record(REQUEST_QUEUED, -1, 0, 10, 7);
        ring.record(REQUEST_DEQUEUED, -1, 0, 40, 7);
        ring.record(PREFILL_START, -1, 1, 40, 7);
        ring.record(DECODE_START, -1, 1, 60, 7);
        ring.record(REQUEST_END, -1, 1, 100, 7);
        ring.record(PREFILL_START, -1, 1, 110, 8);
        model.drain(ring);

        List<LaneTrack> lanes = model.timeline().lanes();
        assertEquals(List.of("compute 0", "session 1", "queued 0"), lanes.stream().map(t -> t.lane().label()).toList());
        LaneTrack queue = lanes.get(2);
        assertEquals(1, queue.end());
        assertEquals(SpanKind.QUEUED, queue.kind(0));
        assertEquals(10, queue.spanStart(0));
        assertEquals(40, queue.spanEnd(0));
        LaneTrack session = lanes.get(1);
        assertEquals(List.of(SpanKind.PREFILL, SpanKind.DECODE), List.of(session.kind(0), session.kind(1)));
        assertEquals(List.of(40L, 60L, 60L, 100L), List.of(session.spanStart(0), session.spanEnd(0), session.spanStart(1), session.spanEnd(1)));
        assertEquals(7, session.layer(1), "the span carries its request's number");
        assertTrue(session.hasOpenSpan(), "request 8 is still being evaluated");
        assertEquals(SpanKind.PREFILL, session.openKind());
        assertEquals("session 1 · decode request 7 · t=0.000 ms for 0.0 µs", Describe.span(session, 1, 60));
        assertEquals(LayerState.CACHED, model.heatmap().stateAt(0, 200), "request events leave the layers alone");
    }

    @Test
    void aResidentLayerIsCachedFromItsFirstHit() {
        ring.record(LAYER_REQUEST, 0, 0, 10, 0);
        ring.record(CACHE_HIT, 0, 0, 10, 0);
        ring.record(COMPUTE_START, 0, 0, 11, 0);
        ring.record(COMPUTE_END, 0, 0, 20, 0);
        model.drain(ring);
        assertEquals(LayerState.CACHED, model.heatmap().stateAt(0, 10));
        assertEquals(LayerState.COMPUTING, model.heatmap().stateAt(0, 15));
        assertEquals(LayerState.CACHED, model.heatmap().stateAt(0, 25));
    }

    @Test
    void anIoEndRecordedAfterComputeStartedDoesNotUndoComputing() {
        ring.record(IO_START, 2, 0, 100, 10);
        ring.record(COMPUTE_START, 2, 0, 200, 0);
        ring.record(IO_END, 2, 0, 190, 10);
        model.drain(ring);
        assertEquals(LayerState.COMPUTING, model.heatmap().stateAt(2, 250));
        LayerTrack track = model.heatmap().track(2);
        assertEquals(200, track.nanos(track.end() - 1), "times are kept in order within a row");
    }

    @Test
    void syncMissesAndReadErrorsAreMarksAndAMissIsAWaitOnTheComputeLane() {
        ring.record(LAYER_REQUEST, 0, 0, 700, 0);
        ring.record(IO_ERROR, 0, 1, 800, 1);
        ring.record(SYNC_MISS, 0, 0, 1000, 300);
        model.drain(ring);

        LayerTrack track = model.heatmap().track(0);
        assertFalse(track.isMark(0));
        assertTrue(track.isMark(1));
        assertTrue(track.isMark(2));
        assertEquals(SYNC_MISS, track.type(2));
        assertEquals(300, track.value(2));
        assertEquals(LayerState.NOT_CACHED, track.state(2), "a miss alone does not say the layer arrived");

        LaneTrack compute = lane(LaneKind.COMPUTE, 0);
        assertEquals(1, compute.end() - compute.first());
        assertEquals(SpanKind.WAIT, compute.kind(0));
        assertEquals(700, compute.spanStart(0));
        assertEquals(1000, compute.spanEnd(0));
        assertEquals(0, compute.spanAt(850));
        assertEquals(-1, compute.spanAt(1001));
    }

    @Test
    void lanesAreCreatedFromTheEventsInKindAndIndexOrder() {
        ring.record(COMPUTE_START, 0, 0, 10, 0);
        ring.record(IO_START, 1, 1, 11, 2048);
        ring.record(IO_START, 2, 0, 12, 1024);
        ring.record(IO_END, 2, 0, 30, 1024);
        ring.record(COMPUTE_END, 0, 0, 40, 0);
        ring.record(IO_END, 1, 1, 50, 2048);
        model.drain(ring);

        List<Lane> lanes = model.timeline().lanes().stream().map(LaneTrack::lane).toList();
        assertEquals(List.of(new Lane(LaneKind.IO, 0), new Lane(LaneKind.IO, 1), new Lane(LaneKind.COMPUTE, 0)), lanes);
        LaneTrack reader1 = lane(LaneKind.IO, 1);
        assertEquals(SpanKind.READ, reader1.kind(0));
        assertEquals(1, reader1.layer(0));
        assertEquals(2048, reader1.bytes(0));
        assertEquals(11, reader1.spanStart(0));
        assertEquals(50, reader1.spanEnd(0));
        LaneTrack compute = lane(LaneKind.COMPUTE, 0);
        assertEquals(SpanKind.COMPUTE, compute.kind(0));
        assertEquals(30, compute.spanEnd(0) - compute.spanStart(0));
    }

    @Test
    void aFailedReadEndsItsSpanAndTheRetryOpensAnother() {
        ring.record(IO_START, 1, 0, 10, 64);
        ring.record(IO_ERROR, 1, 0, 20, 1);
        ring.record(IO_START, 1, 0, 21, 64);
        ring.record(IO_END, 1, 0, 40, 64);
        model.drain(ring);
        LaneTrack reader = lane(LaneKind.IO, 0);
        assertEquals(SpanKind.FAILED_READ, reader.kind(0));
        assertEquals(10, reader.spanStart(0));
        assertEquals(20, reader.spanEnd(0));
        assertEquals(SpanKind.READ, reader.kind(1));
        assertEquals(21, reader.spanStart(1));
        assertFalse(reader.hasOpenSpan());
        assertEquals(LayerState.PREFETCHED, model.heatmap().stateAt(1, 40));
    }

    @Test
    void aSpanStillOpenIsReportedAsSuch() {
        ring.record(IO_START, 1, 0, 10, 64);
        model.drain(ring);
        LaneTrack reader = lane(LaneKind.IO, 0);
        assertTrue(reader.isEmpty());
        assertTrue(reader.hasOpenSpan());
        assertEquals(1, reader.openLayer());
        assertEquals(SpanKind.READ, reader.openKind());
    }

    @Test
    void eventsOverwrittenBeforeTheyWereReadAreCountedAndLeaveStatesUnknown() {
        EventRing small = new EventRing(8);
        small.record(IO_START, 0, 0, 1, 64);
        small.record(COMPUTE_START, 1, 0, 2, 0);
        model.drain(small);
        for (int i = 0; i < 20; i++) {
            small.record(LAYER_REQUEST, 2, 0, 100 + i, 0);
        }
        small.record(IO_END, 0, 0, 200, 64);
        small.record(COMPUTE_END, 1, 0, 201, 0);
        assertEquals(8, model.drain(small));

        assertEquals(14, model.lostEvents(), "22 recorded after the first read, 8 still held");
        assertEquals(LayerState.LOADING, model.heatmap().stateAt(0, 50));
        assertEquals(LayerState.UNKNOWN, model.heatmap().stateAt(0, 150), "the gap makes every layer unknown");
        assertEquals(LayerState.UNKNOWN, model.heatmap().stateAt(0, 200), "an IO_END alone says no more");
        assertEquals(LayerState.CACHED, model.heatmap().stateAt(1, 201));
        LayerTrack track = model.heatmap().track(0);
        assertNull(track.type(1), "the gap has an entry of its own for the hover line");
        assertTrue(lane(LaneKind.IO, 0).isEmpty(), "the read's start and end lie on both sides of a gap: no span");
        assertTrue(lane(LaneKind.COMPUTE, 0).isEmpty());
    }

    @Test
    void eventsDroppedBeforeTheFirstReadAreUnknownHistoryNotLosses() {
        EventRing small = new EventRing(8);
        for (int i = 0; i < 20; i++) {
            small.record(LAYER_REQUEST, 0, 0, i, 0);
        }
        model.drain(small);
        assertEquals(0, model.lostEvents());
        assertEquals(8, model.events());
        assertEquals(LayerState.UNKNOWN, model.heatmap().stateAt(2, 100));
    }

    @Test
    void rowsKeepTheirNewestEventsAndForgetWhatStateCameBefore() {
        InspectorModel bounded = new InspectorModel(new LayerHeatmap(1, 4), new Timeline(4), new EventLog(4));
        for (int i = 0; i < 6; i++) {
            ring.record(COMPUTE_START, 0, 0, i * 10L, 0);
        }
        bounded.drain(ring);
        LayerTrack track = bounded.heatmap().track(0);
        assertEquals(2, track.first());
        assertEquals(LayerState.UNKNOWN, track.stateAt(5), "before the oldest entry held");
        assertEquals(LayerState.COMPUTING, track.stateAt(25));
        assertEquals(4, bounded.log().size());
    }

    @Test
    void timeToFirstTokenRunsFromAGenerationsFirstRequestToItsFirstPassEnd() {
        long second = 1_000_000_000L;
        ring.record(LAYER_REQUEST, 0, 0, second, 0);
        ring.record(PASS_END, -1, 0, second + 40_000_000, 7);
        ring.record(LAYER_REQUEST, 0, 0, second + 41_000_000, 0);
        ring.record(PASS_END, -1, 0, second + 45_000_000, 1);
        model.drain(ring);
        assertEquals(40_000_000, model.firstTokenNanos());
        assertEquals(2, model.passes().end(), "both pass ends mark a token boundary");
        assertEquals(second + 45_000_000, model.passes().nanos(1));

        ring.record(LAYER_REQUEST, 0, 0, 3 * second, 0);
        ring.record(PASS_END, -1, 0, 3 * second + 25_000_000, 3);
        model.drain(ring);
        assertEquals(25_000_000, model.firstTokenNanos(), "a request after a quiet second starts a new generation");
    }

    @Test
    void theCsvHoldsTheEventsOfTheWindowExactly() {
        ring.record(LAYER_REQUEST, 0, 0, 1_000, 0);
        ring.record(IO_START, 1, 1, 2_000, 4096);
        ring.record(EVICT, 2, 0, 3_000, 512);
        ring.record(PASS_END, -1, 0, 4_000, 1);
        model.drain(ring);
        StringBuilder csv = new StringBuilder();
        assertEquals(2, model.log().writeCsv(csv, 1_500, 3_000, model.origin()));
        assertEquals("""
                sequence,type,layer,lane,nanos,ms,value
                1,IO_START,1,1,2000,0.001000,4096
                2,EVICT,2,0,3000,0.002000,512
                """, csv.toString());
    }

    private LaneTrack lane(LaneKind kind, int index) {
        return model.timeline().lanes().stream().filter(t -> t.lane().equals(new Lane(kind, index))).findFirst()
                .orElseThrow();
    }
}
