package dev.cairn.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

class CachePlanTest {

    @Test
    void roomForEveryLayerPinsThemAll() {
        CachePlan plan = CachePlan.of(8, 12, 2);
        assertEquals(8, plan.pinned());
        assertEquals(0, plan.ring());
        assertEquals(0, plan.layersReadPerPass());
        for (int l = 0; l < 8; l++) {
            assertEquals(l, plan.nextInSlot(l));
        }
    }

    @Test
    void ringGetsPrefetchPlusOneSlotsAndTheRestArePinned() {
        CachePlan plan = CachePlan.of(22, 6, 2);
        assertEquals(3, plan.pinned());
        assertEquals(3, plan.ring());
        assertEquals(19, plan.layersReadPerPass());
        assertEquals(3, plan.slotOf(3));
        assertEquals(4, plan.slotOf(7));
        assertEquals(3, plan.slotOf(21));
        assertEquals(6, plan.nextInSlot(3));
        assertEquals(4, plan.nextInSlot(19), "the last layers wrap to the first streamed layer of their slot");
        assertEquals(3, plan.nextInSlot(21));
    }

    @Test
    void aSingleSlotStreamsEverything() {
        CachePlan plan = CachePlan.of(5, 1, 2);
        assertEquals(0, plan.pinned());
        assertEquals(1, plan.ring());
        assertEquals(1, plan.nextInSlot(0));
        assertEquals(0, plan.nextInSlot(4));
        assertThrows(IllegalArgumentException.class, () -> CachePlan.of(5, 0, 2));
    }

    @Test
    void everySlotCyclesThroughItsLayersInOrder() {
        CachePlan plan = CachePlan.of(11, 5, 2);
        for (int slot = 0; slot < plan.slots(); slot++) {
            int layer = slot; // the layer a slot holds first
            for (int step = 0; step < 20; step++) {
                assertEquals(slot, plan.slotOf(layer));
                int next = plan.nextInSlot(layer);
                int expected = slot < plan.pinned() ? slot : layer + plan.ring() < 11 ? layer + plan.ring() : slot;
                assertEquals(expected, next, "slot " + slot + " after layer " + layer);
                layer = next;
            }
        }
    }

    /**
     * The numbers behind the policy: reads per pass of a decode cycle over 22 layers, for LRU (evict the
     * least recently used layer) and for this plan, with the same number of slots.
     */
    @Test
    void readsFewerLayersPerPassThanLruOnTheDecodeCycle() {
        int layers = 22;
        for (int slots = 2; slots < layers; slots += 3) {
            int lru = lruReadsPerPass(layers, slots);
            int plan = CachePlan.of(layers, slots, 2).layersReadPerPass();
            System.out.printf("22 layers, %2d slots: LRU reads %2d layers per pass, pinned+ring %2d%n", slots, lru, plan);
            assertEquals(layers, lru, "LRU misses every layer of a cycle longer than the cache");
            CachePlan p = CachePlan.of(layers, slots, 2);
            int streamed = layers - p.pinned();
            int expected = 0;
            for (int k = 0; k < p.ring() && k < streamed; k++) {
                int sharing = (streamed - k + p.ring() - 1) / p.ring(); // layers ring slot k holds in turn
                expected += sharing >= 2 ? sharing : 0;
            }
            assertEquals(expected, plan, "every streamed layer that shares its slot is read on every pass");
            if (slots > p.ring()) {
                assertTrue(plan < lru, "fewer reads than LRU once some layers are pinned");
            }
        }
    }

    private static int lruReadsPerPass(int layers, int slots) {
        LinkedHashMap<Integer, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true);
        int misses = 0;
        for (int pass = 0; pass < 3; pass++) {
            misses = 0;
            for (int l = 0; l < layers; l++) {
                if (cache.get(l) == null) {
                    misses++;
                    if (cache.size() == slots) {
                        cache.remove(cache.keySet().iterator().next());
                    }
                    cache.put(l, true);
                }
            }
        }
        return misses;
    }
}
