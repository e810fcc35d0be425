package dev.cairn.sampling;

import java.util.Arrays;

/**
 * Partial selection for top-k: finds the k smallest keys without sorting the whole array. With a
 * 150k-token vocabulary and k = 40 this is one pass with a 40-element heap instead of a full sort.
 */
final class SmallestKeys {

    private SmallestKeys() {
    }

    /**
     * Moves the {@code k} smallest of {@code keys[0..size)} into {@code keys[0..k)} in ascending order.
     * Entries from index {@code k} on are left in an unspecified state. Requires {@code 0 < k <= size}.
     */
    static void selectSorted(long[] keys, int size, int k) {
        // keys[0..k) becomes a max-heap of the best k seen so far; its root is the one to evict next.
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(keys, i, k);
        }
        for (int i = k; i < size; i++) {
            if (keys[i] < keys[0]) {
                keys[0] = keys[i];
                siftDown(keys, 0, k);
            }
        }
        Arrays.sort(keys, 0, k);
    }

    private static void siftDown(long[] heap, int index, int heapSize) {
        long value = heap[index];
        while (true) {
            int child = 2 * index + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= value) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = value;
    }
}
