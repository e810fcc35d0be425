package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The timeline's data: a {@link LaneTrack} for every lane events have named so far, in lane order. */
final class Timeline {

    /** Spans kept per lane. */
    static final int SPANS_PER_LANE = 1 << 15;

    private final int spansPerLane;
    private final LaneTrack[][] byKind = new LaneTrack[LaneKind.values().length][0];
    private List<LaneTrack> ordered = List.of();

    Timeline() {
        this(SPANS_PER_LANE);
    }

    Timeline(int spansPerLane) {
        this.spansPerLane = spansPerLane;
    }

    void accept(EventType type, int layer, int lane, long at, long value) {
        LaneKind kind = LaneKind.of(type);
        if (kind == null || lane < 0) {
            return;
        }
        LaneTrack track = track(kind, lane);
        switch (type) {
            case IO_START -> track.open(SpanKind.READ, layer, at);
            case IO_END -> track.close(SpanKind.READ, layer, at, value);
            case IO_ERROR -> track.closeAs(SpanKind.READ, SpanKind.FAILED_READ, layer, at, 0);
            case COMPUTE_START -> track.open(SpanKind.COMPUTE, layer, at);
            case UPLOAD_START -> track.open(SpanKind.UPLOAD, layer, at);
            case UPLOAD_END -> track.close(SpanKind.UPLOAD, layer, at, value);
            case COMPUTE_END -> track.close(SpanKind.COMPUTE, layer, at, 0);
            case SYNC_MISS -> track.add(SpanKind.WAIT, layer, at - value, at, 0);
            case REQUEST_QUEUED -> track.open(SpanKind.QUEUED, (int) value, at);
            case REQUEST_DEQUEUED -> track.close(SpanKind.QUEUED, (int) value, at, 0);
            case PREFILL_START -> track.open(SpanKind.PREFILL, (int) value, at);
            case DECODE_START -> {
                track.close(SpanKind.PREFILL, (int) value, at, 0);
                track.open(SpanKind.DECODE, (int) value, at);
            }
            case REQUEST_END -> track.closeOpen((int) value, at);
            default -> { }
        }
    }

    /** Events were lost: any open span may have lost its end. */
    void lost() {
        for (LaneTrack track : ordered) {
            track.dropOpen();
        }
    }

    /** The lanes seen so far, in {@link LaneKind} order, each kind by index. */
    List<LaneTrack> lanes() {
        return ordered;
    }

    private LaneTrack track(LaneKind kind, int index) {
        LaneTrack[] ofKind = byKind[kind.ordinal()];
        if (index < ofKind.length && ofKind[index] != null) {
            return ofKind[index];
        }
        if (index >= ofKind.length) {
            ofKind = Arrays.copyOf(ofKind, index + 1);
            byKind[kind.ordinal()] = ofKind;
        }
        LaneTrack track = new LaneTrack(new Lane(kind, index), spansPerLane);
        ofKind[index] = track;
        List<LaneTrack> lanes = new ArrayList<>();
        for (LaneTrack[] tracks : byKind) {
            for (LaneTrack t : tracks) {
                if (t != null) {
                    lanes.add(t);
                }
            }
        }
        ordered = List.copyOf(lanes);
        return track;
    }
}
