package dev.cairn.app.models;

import dev.cairn.runtime.BackendChoice;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.ComputeDevices;
import dev.cairn.runtime.MemoryBudget;
import java.util.List;

/**
 * A device a model can run on and the memory it has: the CPU with the machine's RAM, and every Vulkan and
 * OpenCL device with its own.
 *
 * @param backend what the engine takes to compute there: {@code cpu}, {@code vulkan:N} or {@code opencl:N}
 */
public record BackendOption(String name, String device, long memoryBytes, String backend) {

    /** The CPU alone: known at once, while the GPU devices are still being asked for. */
    public static List<BackendOption> cpuOnly() {
        return List.of(new BackendOption("CPU", Runtime.getRuntime().availableProcessors() + " cores",
                MemoryBudget.physicalMemory(), BackendChoice.CPU.toString()));
    }

    /** Every device of this machine, the CPU first; asks the GPU drivers, so not on the FX thread. */
    public static List<BackendOption> probe() {
        return ComputeDevices.probe().devices().stream()
                .map(d -> d.api() == null ? cpuOnly().getFirst()
                        : new BackendOption(d.api().title + " " + d.index(), d.name() + ", " + d.type(), d.memoryBytes(), d.backend()))
                .toList();
    }

    /** Whether this option is the one a stored choice ({@code cpu}, {@code vulkan:0}; older files: {@code CPU}) names. */
    public boolean isChoice(String stored) {
        return backend.equalsIgnoreCase(stored);
    }

    @Override
    public String toString() {
        return name + " (" + device + ", " + Bytes.format(memoryBytes) + ")";
    }
}
