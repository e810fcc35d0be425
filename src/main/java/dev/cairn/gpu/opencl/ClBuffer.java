package dev.cairn.gpu.opencl;

import static org.lwjgl.opencl.CL10.clReleaseMemObject;

import dev.cairn.gpu.DeviceBuffer;

/** An OpenCL buffer of {@code size} bytes; closing releases it (once). */
final class ClBuffer implements DeviceBuffer {

    final long handle;
    final long size;
    private boolean released;

    ClBuffer(long handle, long size) {
        this.handle = handle;
        this.size = size;
    }

    @Override
    public synchronized void close() {
        if (!released) {
            released = true;
            clReleaseMemObject(handle);
        }
    }
}
