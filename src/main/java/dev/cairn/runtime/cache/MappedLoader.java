package dev.cairn.runtime.cache;

import dev.cairn.model.LayerMatrices;
import dev.cairn.model.Weights;
import dev.cairn.tensor.Tensor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams through the file mapping itself: loading a layer asks the kernel to read and map its pages
 * ({@code MADV_POPULATE_READ}), evicting releases them from this process ({@code MADV_DONTNEED}), so
 * resident memory stays within the cache's share while the page cache keeps what the kernel can afford.
 */
final class MappedLoader implements LayerLoader {


    private final Path path;
    private final FileChannel channel; // for the file's current size: fstat, no path lookup per layer
    private final long fileSize;
    private final LayerMatrices[] matrices; // (layers)
    private final long[] bytes;             // (layers)

    MappedLoader(Path path, long fileSize, Weights weights) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.fileSize = fileSize;
        int layers = weights.layers().size();
        matrices = new LayerMatrices[layers];
        bytes = new long[layers];
        for (int l = 0; l < layers; l++) {
            matrices[l] = LayerMatrices.of(weights.layers().get(l));
            for (Tensor t : matrices[l].all()) {
                bytes[l] += t.byteSize();
            }
        }
    }

    @Override
    public LayerMatrices matrices(int layer) {
        return matrices[layer];
    }

    @Override
    public long bytes(int layer) {
        return bytes[layer];
    }

    @Override
    public long load(int layer) throws IOException {
        checkBeforeUse(layer);
        for (Tensor t : matrices[layer].all()) {
            NativeIo.prefault(t.data());
        }
        return bytes[layer];
    }

    /** Touching pages past the new end of a truncated mapped file would fault: refuse before that. */
    @Override
    public void checkBeforeUse(int layer) throws IOException {
        long size = channel.size();
        if (size != fileSize) {
            throw new FileChangedException(path + " changed on disk while in use: it had " + fileSize
                    + " bytes, now " + size);
        }
    }

    @Override
    public void evict(int layer) {
        for (Tensor t : matrices[layer].all()) {
            NativeIo.release(t.data());
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
        try {
            channel.close(); // the mapping itself belongs to the GgufFile
        } catch (IOException e) {
            // closing a read-only channel loses nothing
        }
    }
}
