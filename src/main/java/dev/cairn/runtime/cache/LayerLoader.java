package dev.cairn.runtime.cache;

import dev.cairn.model.Layer;
import java.io.IOException;

/**
 * Moves one layer's bytes into memory and out again, for {@link StreamingLayers}. Each layer has a fixed
 * place (its {@link CachePlan} slot), so the layer handed to the forward pass is built once.
 */
interface LayerLoader extends AutoCloseable {

    /** Layer {@code layer} at its place, on the backend; valid while the layer is loaded there. */
    Layer layer(int layer);

    /** Bytes {@link #load} reads for {@code layer}. */
    long bytes(int layer);

    /** Reads {@code layer} into its place, blocking; returns the bytes read. Called from I/O threads. */
    long load(int layer) throws IOException;

    /**
     * Checks, before the forward pass touches {@code layer}, that its bytes are still safe to read: a
     * mapping of a file truncated since would fault instead of failing cleanly.
     */
    void checkBeforeUse(int layer) throws IOException;

    /**
     * The forward pass is done with {@code layer}, on its thread, before its slot is refilled: a loader
     * whose layers are computed on later (a GPU records work) makes sure that work has run.
     */
    default void released(int layer) {
    }

    /** {@code layer} leaves its place (its slot is about to hold another layer). */
    void evict(int layer);

    /** Off-heap memory this loader holds for layers. */
    long allocatedBytes();

    /** How layers are read, after any fallback (O_DIRECT is not available on every file system). */
    ReadMode mode();

    @Override
    void close();
}
