package dev.cairn.backend;

/**
 * A block of {@code rows x cols} floats the backend owns, one row per token of a batch: the inputs and
 * outputs of the operations of a forward pass. Operations name how many leading rows they work on.
 */
public interface Activation extends DeviceMemory {

    int rows();

    int cols();

    /** What every backend allocates for {@code rows x cols} activations: 32-bit floats. */
    static long bytes(int rows, int cols) {
        return (long) Float.BYTES * rows * cols;
    }

    @Override
    default long byteSize() {
        return bytes(rows(), cols());
    }
}
