package dev.cairn.gpu.opencl;

import dev.cairn.gpu.DeviceActivation;
import java.util.Set;

/** {@code rows x cols} floats in device memory, row after row. */
final class OpenClActivation extends DeviceActivation<ClBuffer> {

    OpenClActivation(ClBuffer buffer, int rows, int cols, Set<AutoCloseable> open) {
        super(buffer, rows, cols, open);
    }
}
