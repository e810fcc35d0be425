package dev.cairn.runtime;

import dev.cairn.backend.Backend;
import dev.cairn.gpu.opencl.OpenClBackend;
import dev.cairn.gpu.opencl.OpenClDeviceInfo;
import dev.cairn.gpu.opencl.OpenClDevices;
import dev.cairn.gpu.vulkan.DeviceInfo;
import dev.cairn.gpu.vulkan.VulkanBackend;
import dev.cairn.gpu.vulkan.VulkanDevices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The GPU compute APIs a model can run on, in the order {@code --backend auto} tries them: the one place that
 * knows each API's name on the command line, its devices and its backend. Everything else (parsing
 * {@code --backend}, {@code cairn devices}, the wizard's device list) goes through this list.
 */
public enum GpuApi {

    VULKAN("vulkan", "Vulkan") {
        @Override
        public List<ComputeDevices.Device> devices() {
            return VulkanDevices.list().stream().map(d -> device(d.index(), d.name(), d.type(), d.deviceLocalBytes(), d.isGpu(),
                    String.format(Locale.ROOT, "%s; Vulkan %s; subgroup %d, arithmetic %s; 16-bit storage %s; integer dot product %s;"
                            + " uploads: %s", d.driver(), d.apiVersion(), d.subgroupSize(), yesNo(d.subgroupArithmetic()),
                            yesNo(d.storage16Bit()), yesNo(d.integerDotProduct()), d.transferQueue()), properties(d))).toList();
        }

        private static Map<String, Object> properties(DeviceInfo d) {
            return ordered("driver", d.driver(), "api_version", d.apiVersion(), "transfer_queue", d.transferQueue(),
                    "subgroup_size", d.subgroupSize(),
                    "subgroup_arithmetic", d.subgroupArithmetic(), "storage_16bit", d.storage16Bit(),
                    "integer_dot_product", d.integerDotProduct(), "max_storage_buffer_range", d.maxStorageBufferRange(),
                    "heaps", d.heaps().stream().map(h -> ordered("bytes", h.bytes(), "device_local", h.deviceLocal())).toList());
        }

        @Override
        int preferred() {
            return VulkanDevices.preferred().index();
        }

        @Override
        Backend open(int device, LongConsumer copiedBytes) {
            return new VulkanBackend(device, copiedBytes);
        }
    },

    OPENCL("opencl", "OpenCL") {
        @Override
        public List<ComputeDevices.Device> devices() {
            return OpenClDevices.list().stream().map(d -> device(d.index(), d.name(), d.type(), d.globalMemoryBytes(), d.isGpu(),
                    String.format(Locale.ROOT, "%s; %s, driver %s; %d compute units; buffers up to %s", d.platform(), d.version(),
                            d.driver(), d.computeUnits(), Bytes.format(d.maxAllocationBytes())), properties(d))).toList();
        }

        private static Map<String, Object> properties(OpenClDeviceInfo d) {
            return ordered("platform", d.platform(), "version", d.version(), "driver", d.driver(), "compute_units",
                    d.computeUnits(), "max_work_group_size", d.maxWorkGroupSize(), "max_allocation_bytes", d.maxAllocationBytes());
        }

        @Override
        int preferred() {
            return OpenClDevices.preferred().index();
        }

        @Override
        Backend open(int device, LongConsumer copiedBytes) {
            return new OpenClBackend(device, copiedBytes);
        }
    };

    /** What {@code --backend} takes: {@code vulkan}, {@code vulkan:N}. */
    public final String key;
    /** The API's name for people. */
    public final String title;

    GpuApi(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /**
     * Every device of this API, in its own order (N of {@code key:N}).
     *
     * @throws dev.cairn.backend.BackendUnavailableException when the API has no loader or no driver here
     */
    public abstract List<ComputeDevices.Device> devices();

    /** The device a plain {@code key} choice computes on: the first real GPU, else the first device. */
    abstract int preferred();

    /** Opens device {@code device}, telling {@code copiedBytes} of every piece of weights copied into its memory. */
    abstract Backend open(int device, LongConsumer copiedBytes);

    /** The {@code --backend} value of device {@code index}. */
    public String choice(int index) {
        return key + ":" + index;
    }

    ComputeDevices.Device device(int index, String name, String type, long memoryBytes, boolean gpu, String details,
            Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("index", index);
        all.putAll(properties);
        return new ComputeDevices.Device(choice(index), name, type, memoryBytes, this, index, gpu, details, all);
    }

    /** Names and values, alternately, as a map in that order (the order of {@code cairn devices --json}). */
    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
