package dev.cairn.gpu.opencl;

import dev.cairn.testing.GpuDevices;

/**
 * The OpenCL device the GPU tests run on: the first real GPU, else any device (PoCL in CI). Under
 * {@code CI=true} a machine without OpenCL fails these tests instead of skipping them.
 */
public final class OpenClTestDevice {

    private OpenClTestDevice() {
    }

    /** The index of the device to test on. */
    public static int index() {
        return GpuDevices.require(() -> OpenClDevices.preferred().index(), "PoCL");
    }
}
