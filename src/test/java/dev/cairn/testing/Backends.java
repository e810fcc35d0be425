package dev.cairn.testing;

import dev.cairn.gpu.opencl.OpenClTestDevice;
import dev.cairn.gpu.vulkan.TestDevice;
import dev.cairn.runtime.BackendChoice;
import dev.cairn.runtime.LoadOptions;
import java.util.stream.Stream;

/** The backends the end-to-end tests run on: the CPU, and the Vulkan and OpenCL devices of the GPU tests. */
public final class Backends {

    private Backends() {
    }

    /**
     * {@code cpu}, and {@code vulkan} and {@code opencl} except in the run with the Vector API switched off,
     * which is there to check the CPU's scalar kernels.
     */
    public static Stream<String> names() {
        return "false".equals(System.getProperty("cairn.vector")) ? Stream.of("cpu") : Stream.of("cpu", "vulkan", "opencl");
    }

    /** Every layer resident on {@code backend} ({@code cpu} with two threads, {@code vulkan} or {@code opencl}). */
    public static LoadOptions resident(String backend) {
        return LoadOptions.resident(2).withBackend(choice(backend));
    }

    /** {@code cpu}, or the device of the GPU tests of {@code vulkan} or {@code opencl}. */
    public static BackendChoice choice(String backend) {
        return switch (backend) {
            case "cpu" -> BackendChoice.CPU;
            case "vulkan" -> BackendChoice.vulkan(TestDevice.index());
            case "opencl" -> BackendChoice.openCl(OpenClTestDevice.index());
            default -> throw new IllegalArgumentException(backend);
        };
    }

    /** The GPU backends of the tests: {@code vulkan} and {@code opencl}. */
    public static Stream<String> gpus() {
        return Stream.of("vulkan", "opencl");
    }
}
