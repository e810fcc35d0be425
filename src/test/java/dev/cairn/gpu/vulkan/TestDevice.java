package dev.cairn.gpu.vulkan;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.backend.BackendUnavailableException;
import org.junit.jupiter.api.Assumptions;

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
        String missing;
        try {
            return VulkanDevices.preferred().index();
        } catch (BackendUnavailableException e) {
            missing = e.getMessage();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing + " (CI=true: the GPU tests must run, on lavapipe if nothing else)");
        }
        Assumptions.abort(missing);
        throw new AssertionError("unreachable");
    }
}
