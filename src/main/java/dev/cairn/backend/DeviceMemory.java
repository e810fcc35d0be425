package dev.cairn.backend;

/**
 * Memory a backend allocated for a caller (activations, a KV cache): on the Java heap, off it, or on a
 * device. Closing releases it at once; whatever is still open when the backend closes is released then.
 */
public interface DeviceMemory extends AutoCloseable {

    /** Bytes held. */
    long byteSize();

    @Override
    void close();
}
