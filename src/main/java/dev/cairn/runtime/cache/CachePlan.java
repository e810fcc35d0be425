package dev.cairn.runtime.cache;

/**
 * Which cache slot holds which layer, designed for the decode cycle 0..N-1, 0..N-1, ...
 *
 * <p>LRU is the worst policy for a cyclic scan bigger than the cache: it evicts exactly the layer needed
 * next, so every request misses. Here the first {@code pinned} layers keep a slot each and are loaded
 * once; the other layers stream through a ring of {@code ring} slots, layer {@code pinned + j} always in
 * ring slot {@code j % ring}. When the forward pass releases a streamed layer, its slot starts loading the
 * next layer that maps to it in cyclic order, so the ring reads {@code ring - 1} layers ahead of compute,
 * and the pinned layers' compute time at the start of each pass hides the reads that wrap around. Per
 * token this reads the N - pinned streamed layers (minus ring slots that hold a single layer, which stay
 * loaded): the fewest a cache that also keeps {@code ring - 1} layers of prefetch in flight can read.
 */
public record CachePlan(int layers, int pinned, int ring) {

    public CachePlan {
        if (layers < 1 || pinned < 0 || ring < 0 || pinned + ring > layers || (pinned < layers && ring == 0)) {
            throw new IllegalArgumentException("no cache plan has " + pinned + " pinned and " + ring
                    + " ring slots for " + layers + " layers");
        }
    }

    /**
     * The plan for {@code slots} layer-sized slots with {@code prefetch} layers read ahead. With room for
     * every layer, all are pinned. Otherwise the ring gets {@code prefetch + 1} slots (fewer when the cache
     * is that small) and the rest pin layers.
     */
    public static CachePlan of(int layers, int slots, int prefetch) {
        if (slots < 1) {
            throw new IllegalArgumentException("the layer cache needs room for at least one layer");
        }
        if (slots >= layers) {
            return new CachePlan(layers, layers, 0);
        }
        int ring = Math.min(slots, prefetch + 1);
        return new CachePlan(layers, slots - ring, ring);
    }

    public int slots() {
        return pinned + ring;
    }

    public int slotOf(int layer) {
        return layer < pinned ? layer : pinned + (layer - pinned) % ring;
    }

    /** The layer {@code layer}'s slot should hold after the forward pass is done with {@code layer}. */
    public int nextInSlot(int layer) {
        if (layer < pinned) {
            return layer;
        }
        int next = layer + ring;
        return next < layers ? next : pinned + (layer - pinned) % ring;
    }

    /** Whether {@code layer} is read again on every pass (it shares its slot with another layer). */
    public boolean isReadEveryPass(int layer) {
        return nextInSlot(layer) != layer;
    }

    /** Layers read from disk per forward pass once the pinned ones are loaded. */
    public int layersReadPerPass() {
        int read = 0;
        for (int l = 0; l < layers; l++) {
            if (isReadEveryPass(l)) {
                read++;
            }
        }
        return read;
    }
}
