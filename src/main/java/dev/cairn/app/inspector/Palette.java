package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;
import javafx.scene.paint.Color;

/** The inspector's colours, shared by the canvases, the legend and the tests that read pixels back. */
final class Palette {

    static final Color BACKGROUND = Color.rgb(21, 22, 28);
    static final Color GRID = Color.rgb(60, 62, 72);
    static final Color TEXT = Color.rgb(200, 203, 212);
    static final Color PASS_END = Color.rgb(255, 255, 255, 0.35);
    static final Color SYNC_MISS = Color.rgb(255, 59, 48);
    static final Color IO_ERROR = Color.rgb(255, 0, 255);

    private static final Color[] STATES = new Color[LayerState.values().length];
    private static final Color[] SPANS = new Color[SpanKind.values().length];

    static {
        STATES[LayerState.UNKNOWN.ordinal()] = Color.rgb(70, 70, 76);
        STATES[LayerState.NOT_CACHED.ordinal()] = Color.rgb(34, 36, 48);
        STATES[LayerState.LOADING.ordinal()] = Color.rgb(240, 160, 48);
        STATES[LayerState.UPLOADING.ordinal()] = Color.rgb(80, 200, 215);
        STATES[LayerState.PREFETCHED.ordinal()] = Color.rgb(245, 215, 110);
        STATES[LayerState.COMPUTING.ordinal()] = Color.rgb(63, 185, 80);
        STATES[LayerState.CACHED.ordinal()] = Color.rgb(47, 111, 179);
        STATES[LayerState.EVICTED.ordinal()] = Color.rgb(139, 58, 98);
        SPANS[SpanKind.READ.ordinal()] = of(LayerState.LOADING);
        SPANS[SpanKind.FAILED_READ.ordinal()] = IO_ERROR;
        SPANS[SpanKind.COMPUTE.ordinal()] = of(LayerState.COMPUTING);
        SPANS[SpanKind.WAIT.ordinal()] = SYNC_MISS;
        SPANS[SpanKind.UPLOAD.ordinal()] = of(LayerState.UPLOADING);
        SPANS[SpanKind.QUEUED.ordinal()] = Color.rgb(120, 124, 140);
        SPANS[SpanKind.PREFILL.ordinal()] = Color.rgb(88, 166, 255);
        SPANS[SpanKind.DECODE.ordinal()] = Color.rgb(163, 113, 247);
    }

    private Palette() {
    }

    static Color of(LayerState state) {
        return STATES[state.ordinal()];
    }

    static Color of(SpanKind kind) {
        return SPANS[kind.ordinal()];
    }

    /** The colour of a heatmap mark, for the event types drawn as marks. */
    static Color mark(EventType type) {
        return type == EventType.IO_ERROR ? IO_ERROR : SYNC_MISS;
    }
}
