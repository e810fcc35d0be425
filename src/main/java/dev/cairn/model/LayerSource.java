package dev.cairn.model;

/**
 * Where the forward pass gets each layer, already where the backend computes. Resident models hand out
 * layers built once; streaming models load layers into a bounded cache and may make {@link #acquire}
 * wait. The forward pass calls {@code acquire(l)}, computes layer {@code l}, then {@code release(l)}, for
 * l = 0..layers-1, and {@link #passEnd} once per pass; always from one thread at a time.
 */
public interface LayerSource extends AutoCloseable {

    /** Layer {@code layer}'s weights, valid until {@link #release}. */
    Layer acquire(int layer);

    /** The forward pass is done with {@code layer}; its memory may be reused. */
    void release(int layer);

    /** A forward pass over all layers ended, having evaluated {@code tokens} tokens. */
    void passEnd(int tokens);

    /**
     * A forward pass failed with {@code failure}: throws what went wrong in words, with {@code failure}
     * attached, when the weights' memory went away under it (a mapped model file truncated while in use
     * faults on its missing pages, on whichever thread touches them); returns when that is not the reason.
     */
    void explain(Throwable failure);

    /** Stops background work and frees buffers; the source cannot be used afterwards. */
    @Override
    void close();
}
