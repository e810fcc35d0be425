package dev.cairn.runtime;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.gpu.vulkan.DeviceInfo;
import dev.cairn.gpu.vulkan.VulkanDevices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this machine can compute on, for {@code cairn devices} and the app's model wizard: the CPU first,
 * then every Vulkan device in the loader's order, and why there is no Vulkan when there is none.
 *
 * @param vulkanMissing why no Vulkan device is listed (no loader, no driver); empty when Vulkan answered
 */
public record ComputeDevices(List<Device> devices, Optional<String> vulkanMissing) {

    public ComputeDevices {
        devices = List.copyOf(devices);
    }

    /**
     * One device.
     *
     * @param backend     what {@code --backend} takes to compute on it: {@code cpu} or {@code vulkan:N}
     * @param memoryBytes the memory a model must fit there (RAM for the CPU, the largest device-local heap)
     * @param vulkan      the Vulkan details; {@code null} for the CPU
     */
    public record Device(String backend, String name, String type, long memoryBytes, DeviceInfo vulkan) {

        public BackendChoice choice() {
            return BackendChoice.parse(backend);
        }
    }

    public static ComputeDevices probe() {
        List<Device> devices = new ArrayList<>();
        devices.add(new Device(BackendChoice.CPU.toString(), CpuBackend.defaultThreads() + " cores", "cpu",
                MemoryBudget.physicalMemory(), null));
        try {
            for (DeviceInfo d : VulkanDevices.list()) {
                devices.add(new Device(BackendChoice.vulkan(d.index()).toString(), d.name(), d.type(), d.deviceLocalBytes(), d));
            }
            return new ComputeDevices(devices, Optional.empty());
        } catch (BackendUnavailableException e) {
            return new ComputeDevices(devices, Optional.of(e.getMessage()));
        }
    }
}
