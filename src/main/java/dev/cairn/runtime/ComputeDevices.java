package dev.cairn.runtime;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.backend.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this machine can compute on, for {@code cairn devices} and the app's model wizard: the CPU first,
 * then every device of every GPU API ({@link GpuApi}) in its own order, and why an API has none.
 *
 * @param missing per API without devices here (no loader, no driver), why
 */
public record ComputeDevices(List<Device> devices, Map<GpuApi, String> missing) {

    public ComputeDevices {
        devices = List.copyOf(devices);
        missing = Map.copyOf(missing);
    }

    /**
     * One device.
     *
     * @param backend     what {@code --backend} takes to compute on it: {@code cpu}, {@code vulkan:N}, {@code opencl:N}
     * @param memoryBytes the memory a model must fit there (RAM for the CPU, the device's memory)
     * @param api         the GPU API it computes through; {@code null} for the CPU
     * @param index       N of {@code api:N}; -1 for the CPU
     * @param gpu         a real GPU, not a CPU behind a GPU API (lavapipe, PoCL): what {@code auto} picks
     * @param details     the API's details in one line, for people
     * @param properties  the same for machines (JSON), by name
     */
    public record Device(String backend, String name, String type, long memoryBytes, GpuApi api, int index, boolean gpu,
            String details, Map<String, Object> properties) {

        public Device {
            properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }

        public BackendChoice choice() {
            return BackendChoice.parse(backend);
        }
    }

    public static ComputeDevices probe() {
        List<Device> devices = new ArrayList<>();
        devices.add(new Device(BackendChoice.CPU.toString(), CpuBackend.defaultThreads() + " cores", "cpu",
                MemoryBudget.physicalMemory(), null, -1, false, "", Map.of()));
        Map<GpuApi, String> missing = new LinkedHashMap<>();
        for (GpuApi api : GpuApi.values()) {
            try {
                devices.addAll(api.devices());
            } catch (BackendUnavailableException e) {
                missing.put(api, e.getMessage());
            }
        }
        return new ComputeDevices(devices, missing);
    }
}
