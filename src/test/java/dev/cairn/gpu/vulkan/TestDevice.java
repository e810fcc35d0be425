package dev.cairn.gpu.vulkan;

import dev.cairn.testing.GpuDevices;

/**
 * The Vulkan device the GPU tests run on: the first real GPU, else any device (lavapipe in CI). To force
 * lavapipe where a GPU exists, run with {@code -Plavapipe}, which sets {@code VK_ICD_FILENAMES} so that
 * the loader sees only it. Under {@code CI=true} a machine without Vulkan fails these tests instead of
 * skipping them.
 */
public final class TestDevice {

    private TestDevice() {
    }

    /** The index of the device to test on. */
    public static int index() {
        return GpuDevices.require(() -> VulkanDevices.preferred().index(), "lavapipe");
    }
}
