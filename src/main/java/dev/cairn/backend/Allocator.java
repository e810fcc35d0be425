package dev.cairn.backend;

/**
 * Where a session's memory comes from. A {@link Backend} allocates for real; a session can also be laid out
 * against an allocator that only adds up the sizes, so the memory plan counts exactly what a session
 * allocates.
 */
public interface Allocator {

    /** {@code rows x cols} floats, {@link Activation#bytes} of them. */
    Activation activation(int rows, int cols);

    /** A KV cache of {@code shape}, {@link KvShape#bytes} of it. */
    KvCache kvCache(KvShape shape);
}
