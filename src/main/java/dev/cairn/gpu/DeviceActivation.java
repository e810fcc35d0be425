package dev.cairn.gpu;

import dev.cairn.backend.Activation;
import java.util.Set;

/**
 * {@code rows x cols} floats in one device buffer, row after row: a GPU backend's activation. It enters the
 * backend's {@code open} set, which the backend closes what is left of when it closes.
 */
public class DeviceActivation<B extends DeviceBuffer> implements Activation {

    public final B buffer;
    private final int rows;
    private final int cols;
    private final Set<AutoCloseable> open;

    protected DeviceActivation(B buffer, int rows, int cols, Set<AutoCloseable> open) {
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
