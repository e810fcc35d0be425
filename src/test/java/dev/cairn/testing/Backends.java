package dev.cairn.testing;

import dev.cairn.gpu.vulkan.TestDevice;
import dev.cairn.runtime.BackendChoice;
import dev.cairn.runtime.LoadOptions;
import java.util.stream.Stream;

/** The backends the end-to-end tests run on: the CPU, and the Vulkan device of the GPU tests. */
public final class Backends {

    private Backends() {
    }

    /**
     * {@code cpu}, and {@code vulkan} except in the run with the Vector API switched off, which is there to
     * check the CPU's scalar kernels.
     */
    public static Stream<String> names() {
        return "false".equals(System.getProperty("cairn.vector")) ? Stream.of("cpu") : Stream.of("cpu", "vulkan");
    }

    /** Every layer resident on {@code backend} ({@code cpu} with two threads, or {@code vulkan}). */
    public static LoadOptions resident(String backend) {
        BackendChoice choice = backend.equals("cpu") ? BackendChoice.CPU : BackendChoice.vulkan(TestDevice.index());
        return LoadOptions.resident(2).withBackend(choice);
    }
}
