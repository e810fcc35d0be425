package dev.cairn.gpu.opencl;

import dev.cairn.backend.Activation;
import java.util.Set;

/** {@code rows x cols} floats in device memory, row after row. */
final class OpenClActivation implements Activation {

    final ClBuffer buffer;
    private final int rows;
    private final int cols;
    private final Set<AutoCloseable> open;

    OpenClActivation(ClBuffer buffer, int rows, int cols, Set<AutoCloseable> open) {
        this.buffer = buffer;
        this.rows = rows;
        this.cols = cols;
        this.open = open;
        open.add(this);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void close() {
        if (open.remove(this)) {
            buffer.close();
        }
    }
}
