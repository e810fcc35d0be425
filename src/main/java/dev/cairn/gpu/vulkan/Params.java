package dev.cairn.gpu.vulkan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A kernel's push constants, 32-bit values in the order its {@code Params} block declares them. */
final class Params {

    private final ByteBuffer bytes = ByteBuffer.allocateDirect(Kernel.PUSH_BYTES).order(ByteOrder.nativeOrder());

    /** Starts a new set of values (the buffer is reused: one dispatch is recorded at a time). */
    Params of(int... values) {
        bytes.clear();
        for (int v : values) {
            bytes.putInt(v);
        }
        return this;
    }

    Params and(float value) {
        bytes.putFloat(value);
        return this;
    }

    /** The values written, ready to push. */
    ByteBuffer bytes() {
        return bytes.duplicate().flip();
    }
}
