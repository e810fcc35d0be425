package dev.cairn.runtime.cache;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.ModelLoader;
import dev.cairn.model.Weights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The weights a streaming model keeps in memory (embeddings, classifier, norms), read into off-heap
 * copies once, so that nothing the forward pass touches depends on the file mapping: a file truncated
 * under a running model then fails a layer read with a clear error instead of faulting on a mapped page.
 * The layer matrices keep their mapped slices, which serve only as shapes and are never read.
 */
final class ResidentCopies implements AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final Weights weights;

    ResidentCopies(GgufFile file, ModelConfig config) throws IOException {
        Set<String> streamed = streamedTensorNames(config.layers());
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            weights = ModelLoader.weights(file, config, info -> streamed.contains(info.name())
                    ? file.tensorData(info)
                    : copy(channel, file.dataOffset(), info));
        } catch (UncheckedIOException e) {
            arena.close();
            throw e.getCause();
        } catch (RuntimeException | IOException e) {
            arena.close();
            throw e;
        }
    }

    private MemorySegment copy(FileChannel channel, long dataOffset, GgufTensorInfo info) {
        MemorySegment copy = arena.allocate(Math.max(1, info.byteSize()), 64).asSlice(0, info.byteSize());
        var target = copy.asByteBuffer();
        long position = dataOffset + info.offset();
        try {
            while (target.hasRemaining()) {
                if (channel.read(target, position + target.position()) < 0) {
                    throw new FileChangedException(info.name() + " runs past the end of the file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    Weights weights() {
        return weights;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Names of the tensors layer streaming reads; every other tensor stays resident. */
    private static Set<String> streamedTensorNames(int layers) {
        Set<String> names = new HashSet<>();
        for (int l = 0; l < layers; l++) {
            for (String template : GgufKeys.LAYER_MATRICES) {
                names.add(GgufKeys.layer(l, template));
            }
        }
        return names;
    }
}
