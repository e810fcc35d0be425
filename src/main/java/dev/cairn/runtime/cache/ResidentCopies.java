package dev.cairn.runtime.cache;

import dev.cairn.gguf.FileChangedException;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.model.LayerManifest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The tensors a streaming model keeps in memory (embeddings, classifier, norms, biases: everything the
 * {@link LayerManifest} does not stream), read into off-heap copies once, so that nothing the forward pass
 * touches outside the layer cache depends on the file mapping: a file truncated under a running model then
 * fails a layer read with a clear error instead of faulting on a mapped page.
 */
final class ResidentCopies implements AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final Map<String, MemorySegment> copies = new HashMap<>();
    private long bytes;

    ResidentCopies(GgufFile file, LayerManifest manifest) throws IOException {
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            for (GgufTensorInfo info : file.tensors()) {
                if (!manifest.streams(info.name())) {
                    copies.put(info.name(), copy(channel, file.dataOffset(), info));
                    bytes += info.byteSize();
                }
            }
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private MemorySegment copy(FileChannel channel, long dataOffset, GgufTensorInfo info) throws IOException {
        MemorySegment copy = arena.allocate(Math.max(1, info.byteSize()), 64).asSlice(0, info.byteSize());
        var target = copy.asByteBuffer();
        long position = dataOffset + info.offset();
        while (target.hasRemaining()) {
            if (channel.read(target, position + target.position()) < 0) {
                throw new FileChangedException(info.name() + " runs past the end of the file");
            }
        }
        return copy;
    }

    /** The copy of {@code info}'s bytes; fails for a streamed tensor, which has none. */
    MemorySegment bytes(GgufTensorInfo info) {
        MemorySegment copy = copies.get(info.name());
        if (copy == null) {
            throw new IllegalArgumentException(info.name() + " streams: it has no resident copy");
        }
        return copy;
    }

    /** Bytes copied. */
    long byteSize() {
        return bytes;
    }

    @Override
    public void close() {
        arena.close();
    }
}
