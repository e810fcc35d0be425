package dev.cairn.runtime.cache;

import dev.cairn.backend.Backend;
import dev.cairn.gguf.FileChangedException;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.Layer;
import dev.cairn.model.LayerManifest;
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
 * slot bytes in place; a layer's norms and biases come from the resident copies.
 */
final class SlotLoader implements LayerLoader {

    /** O_DIRECT needs buffer address, file position and length aligned to the device's logical block. */
    static final long ALIGNMENT = 4096;

    private final GgufFile file;
    private final FileChannel channel;
    private final ReadMode mode;
    private final LayerLayout layout;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] slots;          // (slots) slot_bytes each
    private final Layer[] layers;                 // (layers) each on its slot's bytes
    private final int[] slotOfLayer;              // (layers)

    SlotLoader(GgufFile file, LayerManifest manifest, LayerLayout layout, CachePlan plan, ResidentCopies copies,
            Backend backend, ReadMode requested) throws IOException {
        Path path = file.path();
        this.file = file;
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
            layers = new Layer[plan.layers()];
            slotOfLayer = new int[plan.layers()];
            for (int l = 0; l < layers.length; l++) {
                int layer = l;
                MemorySegment slot = slots[plan.slotOf(l)];
                slotOfLayer[l] = plan.slotOf(l);
                layers[l] = manifest.layer(l, role -> role.streams()
                        ? slot.asSlice(layout.tensorOffset(layer, role), manifest.info(layer, role).byteSize())
                        : copies.bytes(manifest.info(layer, role)), backend);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Layer layer(int layer) {
        return layers[layer];
    }

    @Override
    public long bytes(int layer) {
        return layout.layerBytes(layer);
    }

    @Override
    public long load(int layer) throws IOException {
        file.checkUnchanged();
        long fileSize = file.fileSize();
        MemorySegment slot = slots[slotOfLayer[layer]];
        long read = 0;
        for (LayerLayout.Run run : layout.runs(layer)) {
            long needed = Math.min(run.length(), fileSize - run.filePosition());
            ByteBuffer target = slot.asSlice(run.slotOffset(), run.length()).asByteBuffer();
            long done = 0;
            while (done < needed) {
                int n = channel.read(target, run.filePosition() + done);
                if (n < 0) {
                    throw new FileChangedException(file.path() + " ended at byte " + (run.filePosition() + done)
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
