package dev.cairn.runtime.cache;

import dev.cairn.model.Layer;
import java.io.IOException;

/** A real loader with test behaviour around {@link #load}: a delay, or failures. */
class LoaderWrapper implements LayerLoader {

    /** What happens before each read of {@code layer}; may sleep or throw. */
    @FunctionalInterface
    interface BeforeRead {
        void before(int layer) throws IOException;
    }

    private final LayerLoader inner;
    private final BeforeRead beforeRead;

    LoaderWrapper(LayerLoader inner, BeforeRead beforeRead) {
        this.inner = inner;
        this.beforeRead = beforeRead;
    }

    static BeforeRead delay(long millis) {
        return layer -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("read interrupted");
            }
        };
    }

    @Override
    public Layer layer(int layer) {
        return inner.layer(layer);
    }

    @Override
    public long bytes(int layer) {
        return inner.bytes(layer);
    }

    @Override
    public long load(int layer) throws IOException {
        beforeRead.before(layer);
        return inner.load(layer);
    }

    @Override
    public void checkBeforeUse(int layer) throws IOException {
        inner.checkBeforeUse(layer);
    }

    @Override
    public void evict(int layer) {
        inner.evict(layer);
    }

    @Override
    public long allocatedBytes() {
        return inner.allocatedBytes();
    }

    @Override
    public ReadMode mode() {
        return inner.mode();
    }

    @Override
    public void close() {
        inner.close();
    }
}
