package dev.cairn.app.inspector;

/** One worker thread or queue of the engine: a row of the timeline. */
public record Lane(LaneKind kind, int index) {

    public String label() {
        return kind.label() + " " + index;
    }
}
