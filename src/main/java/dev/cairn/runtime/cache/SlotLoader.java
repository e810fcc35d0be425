package dev.cairn.runtime.cache;

import dev.cairn.backend.Backend;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.LayerManifest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads layers ({@link LayerReader}) into aligned off-heap slot buffers, one per {@link CachePlan} slot. The
 * forward pass computes on the slot bytes in place; a layer's norms and biases come from the resident copies.
 */
final class SlotLoader extends ReadingLoader {

    /** O_DIRECT needs buffer address, file position and length aligned to the device's logical block. */
    static final long ALIGNMENT = 4096;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] slots;          // (slots) slot_bytes each
    private final int[] slotOfLayer;              // (layers)

    SlotLoader(GgufFile file, LayerManifest manifest, LayerLayout layout, CachePlan plan, ResidentCopies copies,
            Backend backend, ReadMode requested) throws IOException {
        super(file, layout, requested, plan.layers());
        try {
            slots = new MemorySegment[plan.slots()];
            for (int s = 0; s < slots.length; s++) {
                slots[s] = arena.allocate(layout.slotBytes(), ALIGNMENT);
            }
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
    public long load(int layer) throws IOException {
        return reader.read(layer, slots[slotOfLayer[layer]]);
    }

    @Override
    public long allocatedBytes() {
        return slots.length * layout.slotBytes();
    }

    @Override
    public void close() {
        reader.close(); // no read may still be writing into a slot when the arena frees it
        arena.close();
    }
}
