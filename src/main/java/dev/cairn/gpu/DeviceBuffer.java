package dev.cairn.gpu;

import java.util.List;
import java.util.Set;

/** Memory a GPU backend allocated on its device; closing frees it and throws nothing. */
public interface DeviceBuffer extends AutoCloseable {

    @Override
    void close();

    /** Closes what a backend's {@code open} set still holds (activations, caches, slots their owners left open). */
    static void closeAll(Set<AutoCloseable> open) {
        for (AutoCloseable memory : List.copyOf(open)) {
            try {
                memory.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not free device memory", e);
            }
        }
    }
}
