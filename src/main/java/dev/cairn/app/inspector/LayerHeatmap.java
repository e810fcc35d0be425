package dev.cairn.app.inspector;

import dev.cairn.runtime.metrics.EventType;

/** The heatmap's data: one {@link LayerTrack} per layer of the attached model. */
final class LayerHeatmap {

    /** Events kept per layer: a few thousand tokens of a streaming model's history. */
    static final int EVENTS_PER_LAYER = 1 << 14;

    private final LayerTrack[] tracks;

    LayerHeatmap(int layers) {
        this(layers, EVENTS_PER_LAYER);
    }

    LayerHeatmap(int layers, int eventsPerLayer) {
        tracks = new LayerTrack[layers];
        for (int l = 0; l < layers; l++) {
            tracks[l] = new LayerTrack(eventsPerLayer, LayerState.NOT_CACHED);
        }
    }

    int layers() {
        return tracks.length;
    }

    LayerTrack track(int layer) {
        return tracks[layer];
    }

    /** Events of layers outside the attached model's range (and pass ends, layer -1) have no row. */
    void accept(EventType type, int layer, int lane, long at, long value) {
        if (layer >= 0 && layer < tracks.length) {
            tracks[layer].accept(type, lane, at, value);
        }
    }

    /** The ring already dropped events before the first one read: no layer's state is known yet. */
    void historyMissing() {
        for (LayerTrack track : tracks) {
            track.assumeInitially(LayerState.UNKNOWN);
        }
    }

    /** Events were lost just before {@code at}: every layer's state is unknown until its next event. */
    void lost(long at) {
        for (LayerTrack track : tracks) {
            track.lost(at);
        }
    }

    LayerState stateAt(int layer, long at) {
        return tracks[layer].stateAt(at);
    }
}
