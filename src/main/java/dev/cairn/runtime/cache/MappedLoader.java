package dev.cairn.runtime.cache;

import dev.cairn.backend.Backend;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.Layer;
import dev.cairn.model.LayerManifest;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Streams through the file mapping itself: loading a layer asks the kernel to read and map its pages
 * ({@code MADV_POPULATE_READ}), evicting releases them from this process ({@code MADV_DONTNEED}), so
 * resident memory stays within the cache's share while the page cache keeps what the kernel can afford.
 */
final class MappedLoader implements LayerLoader {

    private final GgufFile file;
    private final Layer[] layers;        // (layers)
    private final MemorySegment[][] mapped; // (layers, streamed tensors) where the mapping holds each matrix
    private final long[] bytes;          // (layers)

    MappedLoader(GgufFile file, LayerManifest manifest, ResidentCopies copies, Backend backend) {
        this.file = file;
        int count = manifest.layers();
        layers = new Layer[count];
        mapped = new MemorySegment[count][];
        bytes = new long[count];
        for (int l = 0; l < count; l++) {
            int layer = l;
            layers[l] = manifest.layer(l, role -> role.streams()
                    ? file.tensorData(manifest.info(layer, role))
                    : copies.bytes(manifest.info(layer, role)), backend);
            mapped[l] = manifest.streamedRoles().stream()
                    .map(role -> file.tensorData(manifest.info(layer, role))).toArray(MemorySegment[]::new);
            bytes[l] = manifest.streamedBytes(l);
        }
    }

    @Override
    public Layer layer(int layer) {
        return layers[layer];
    }

    @Override
    public long bytes(int layer) {
        return bytes[layer];
    }

    @Override
    public long load(int layer) throws IOException {
        checkBeforeUse(layer);
        for (MemorySegment m : mapped[layer]) {
            NativeIo.prefault(m);
        }
        return bytes[layer];
    }

    /** Touching pages past the new end of a truncated mapped file would fault: refuse before that. */
    @Override
    public void checkBeforeUse(int layer) throws IOException {
        file.checkUnchanged();
    }

    @Override
    public void evict(int layer) {
        for (MemorySegment m : mapped[layer]) {
            NativeIo.release(m);
        }
    }

    @Override
    public long allocatedBytes() {
        return 0;
    }

    @Override
    public ReadMode mode() {
        return ReadMode.MMAP;
    }

    @Override
    public void close() {
        // the mapping belongs to the GgufFile
    }
}
