package dev.cairn.gpu;

import dev.cairn.tensor.Tensor;
import java.util.function.LongFunction;

/**
 * What every GPU backend's device slots do alike: allocate a buffer per (slot, place), and check that a
 * streamed tensor is a matrix that fits its place before a weight is made over it.
 */
public final class StreamedPlaces {

    private StreamedPlaces() {
    }

    /** Fills {@code places[slot][place]} with {@code allocate.apply(placeBytes[place])}, slot by slot. */
    public static <B> void allocate(B[][] places, long[] placeBytes, LongFunction<B> allocate) {
        for (B[] slot : places) {
            for (int p = 0; p < placeBytes.length; p++) {
                slot[p] = allocate.apply(placeBytes[p]);
            }
        }
    }

    /**
     * The bytes of one of {@code tensor}'s rows, checked: vectors stay resident (only matrices stream), and
     * the tensor must fit its place of {@code placeBytes}.
     */
    public static long rowBytes(Tensor tensor, long placeBytes) {
        if (tensor.rows() < 2) {
            throw new IllegalArgumentException(tensor.name() + " is a vector: vectors stay resident, only matrices stream");
        }
        long rowBytes = tensor.type().bytesFor(tensor.cols());
        if (rowBytes * tensor.rows() > placeBytes) {
            throw new IllegalArgumentException(tensor.name() + " does not fit its place of " + placeBytes + " bytes");
        }
        return rowBytes;
    }
}
