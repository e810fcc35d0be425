package dev.cairn.runtime.cache;

import dev.cairn.model.LayerMatrices;
import dev.cairn.model.LayerWeights;
import dev.cairn.model.Weights;
import dev.cairn.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads layers with positional reads into aligned off-heap slot buffers, one per {@link CachePlan} slot,
 * with {@code O_DIRECT} (no page-cache copy) or through the page cache. The forward pass computes on the
 * slot bytes in place.
 */
final class SlotLoader implements LayerLoader {

    /** O_DIRECT needs buffer address, file position and length aligned to the device's logical block. */
    static final long ALIGNMENT = 4096;

    private final Path path;
    private final long fileSize;
    private final FileChannel channel;
    private final ReadMode mode;
    private final LayerLayout layout;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] slots;          // (slots) slot_bytes each
    private final LayerMatrices[] matrices;       // (layers)
    private final int[] slotOfLayer;              // (layers)

    SlotLoader(Path path, long fileSize, LayerLayout layout, CachePlan plan, Weights weights, ReadMode requested)
            throws IOException {
        this.path = path;
        this.fileSize = fileSize;
        this.layout = layout;
        FileChannel opened = null;
        ReadMode chosen = requested;
        if (requested == ReadMode.DIRECT) {
            opened = DirectIo.open(path);
            chosen = opened != null ? ReadMode.DIRECT : ReadMode.BUFFERED;
        }
        this.channel = opened != null ? opened : FileChannel.open(path, StandardOpenOption.READ);
        this.mode = chosen;
        try {
            slots = new MemorySegment[plan.slots()];
            for (int s = 0; s < slots.length; s++) {
                slots[s] = arena.allocate(layout.slotBytes(), ALIGNMENT);
            }
            matrices = new LayerMatrices[plan.layers()];
            slotOfLayer = new int[plan.layers()];
            for (int l = 0; l < matrices.length; l++) {
                slotOfLayer[l] = plan.slotOf(l);
                matrices[l] = place(l, slots[plan.slotOf(l)], weights.layers().get(l));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private LayerMatrices place(int layer, MemorySegment slot, LayerWeights mapped) {
        Tensor[] original = LayerMatrices.of(mapped).all();
        Tensor[] placed = new Tensor[original.length];
        for (int i = 0; i < original.length; i++) {
            Tensor t = original[i];
            placed[i] = new Tensor(t.name(), t.type(), slot.asSlice(layout.tensorOffset(layer, i), t.byteSize()),
                    t.rows(), t.cols());
        }
        return new LayerMatrices(placed[0], placed[1], placed[2], placed[3], placed[4], placed[5], placed[6]);
    }

    @Override
    public LayerMatrices matrices(int layer) {
        return matrices[layer];
    }

    @Override
    public long bytes(int layer) {
        return layout.layerBytes(layer);
    }

    @Override
    public long load(int layer) throws IOException {
        long size = channel.size();
        if (size != fileSize) {
            throw new FileChangedException(path + " changed on disk while in use: it had " + fileSize
                    + " bytes, now " + size);
        }
        MemorySegment slot = slots[slotOfLayer[layer]];
        long read = 0;
        for (LayerLayout.Run run : layout.runs(layer)) {
            long needed = Math.min(run.length(), fileSize - run.filePosition());
            ByteBuffer target = slot.asSlice(run.slotOffset(), run.length()).asByteBuffer();
            long done = 0;
            while (done < needed) {
                int n = channel.read(target, run.filePosition() + done);
                if (n < 0) {
                    throw new FileChangedException(path + " ended at byte " + (run.filePosition() + done)
                            + " while reading layer " + layer + " (was it truncated?)");
                }
                done += n;
            }
            read += done;
        }
        return read;
    }

    @Override
    public void checkBeforeUse(int layer) {
        // the slot is a private copy: nothing can change under it
    }

    @Override
    public void evict(int layer) {
        // nothing to release: the next load overwrites the slot
    }

    @Override
    public long allocatedBytes() {
        return slots.length * layout.slotBytes();
    }

    @Override
    public ReadMode mode() {
        return mode;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a read-only channel loses nothing
        }
        arena.close();
    }
}
