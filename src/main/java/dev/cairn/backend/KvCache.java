package dev.cairn.backend;

/** The keys and values of every evaluated position of one session, where the backend computes. */
public interface KvCache extends DeviceMemory {

    KvShape shape();

    @Override
    default long byteSize() {
        return shape().bytes();
    }
}
