package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_HEAP_DEVICE_LOCAL_BIT;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_CPU;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_VERSION_MAJOR;
import static org.lwjgl.vulkan.VK10.VK_VERSION_MINOR;
import static org.lwjgl.vulkan.VK10.VK_VERSION_PATCH;
import static org.lwjgl.vulkan.VK10.vkDestroyInstance;
import static org.lwjgl.vulkan.VK10.vkEnumerateDeviceExtensionProperties;
import static org.lwjgl.vulkan.VK10.vkEnumeratePhysicalDevices;
import static org.lwjgl.vulkan.VK10.vkGetPhysicalDeviceMemoryProperties;
import static org.lwjgl.vulkan.VK11.VK_SUBGROUP_FEATURE_ARITHMETIC_BIT;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceFeatures2;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceProperties2;
import static org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2;
import static org.lwjgl.vulkan.VK13.VK_API_VERSION_1_3;

import dev.cairn.backend.BackendUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.KHRShaderIntegerDotProduct;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDevice16BitStorageFeatures;
import org.lwjgl.vulkan.VkPhysicalDeviceDriverProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures2;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties2;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderIntegerDotProductFeatures;
import org.lwjgl.vulkan.VkPhysicalDeviceSubgroupProperties;

/** The Vulkan devices of this machine, in the loader's order: the indices of {@code --backend vulkan:N}. */
public final class VulkanDevices {

    private VulkanDevices() {
    }

    /**
     * What a plain {@code vulkan} choice computes on: the first real GPU, else the first device (such as
     * lavapipe).
     *
     * @throws BackendUnavailableException when there is no loader, no driver or no device
     */
    public static DeviceInfo preferred() {
        List<DeviceInfo> devices = list();
        if (devices.isEmpty()) {
            throw new BackendUnavailableException("Vulkan has no device here: install a driver, e.g. apt-get install "
                    + "mesa-vulkan-drivers (or your GPU vendor's driver)");
        }
        return devices.stream().filter(DeviceInfo::isGpu).findFirst().orElse(devices.getFirst());
    }

    /**
     * Every device the loader reports.
     *
     * @throws BackendUnavailableException when there is no loader or no driver
     */
    public static List<DeviceInfo> list() {
        VkInstance instance = VulkanInstance.create();
        try {
            List<VkPhysicalDevice> physical = physicalDevices(instance);
            List<DeviceInfo> devices = new ArrayList<>(physical.size());
            for (int i = 0; i < physical.size(); i++) {
                devices.add(describe(i, physical.get(i)));
            }
            return List.copyOf(devices);
        } finally {
            vkDestroyInstance(instance, null);
        }
    }

    static List<VkPhysicalDevice> physicalDevices(VkInstance instance) {
        try (MemoryStack stack = stackPush()) {
            int[] count = new int[1];
            Vk.check(vkEnumeratePhysicalDevices(instance, count, null), "vkEnumeratePhysicalDevices");
            PointerBuffer handles = stack.mallocPointer(count[0]);
            Vk.check(vkEnumeratePhysicalDevices(instance, count, handles), "vkEnumeratePhysicalDevices");
            List<VkPhysicalDevice> devices = new ArrayList<>(count[0]);
            for (int i = 0; i < count[0]; i++) {
                devices.add(new VkPhysicalDevice(handles.get(i), instance));
            }
            return devices;
        }
    }

    static DeviceInfo describe(int index, VkPhysicalDevice device) {
        try (MemoryStack stack = stackPush()) {
            VkPhysicalDeviceSubgroupProperties subgroup = VkPhysicalDeviceSubgroupProperties.calloc(stack).sType$Default();
            VkPhysicalDeviceDriverProperties driver = VkPhysicalDeviceDriverProperties.calloc(stack).sType$Default();
            VkPhysicalDeviceProperties2 properties = VkPhysicalDeviceProperties2.calloc(stack).sType$Default().pNext(subgroup);
            vkGetPhysicalDeviceProperties2(device, properties);
            int api = properties.properties().apiVersion();
            if (api >= VK_API_VERSION_1_2) { // driver properties are core from 1.2 on
                properties.pNext(driver.pNext(subgroup.address()).address());
                vkGetPhysicalDeviceProperties2(device, properties);
            }

            VkPhysicalDevice16BitStorageFeatures storage16 = VkPhysicalDevice16BitStorageFeatures.calloc(stack).sType$Default();
            VkPhysicalDeviceShaderIntegerDotProductFeatures dot = VkPhysicalDeviceShaderIntegerDotProductFeatures.calloc(stack)
                    .sType$Default();
            VkPhysicalDeviceFeatures2 features = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default().pNext(storage16);
            boolean dotKnown = api >= VK_API_VERSION_1_3
                    || hasExtension(device, KHRShaderIntegerDotProduct.VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
            if (dotKnown) {
                storage16.pNext(dot.address());
            }
            vkGetPhysicalDeviceFeatures2(device, features);

            VkPhysicalDeviceMemoryProperties memory = VkPhysicalDeviceMemoryProperties.calloc(stack);
            vkGetPhysicalDeviceMemoryProperties(device, memory);
            List<DeviceInfo.Heap> heaps = new ArrayList<>();
            long deviceLocal = 0;
            for (int h = 0; h < memory.memoryHeapCount(); h++) {
                boolean local = (memory.memoryHeaps(h).flags() & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0;
                long bytes = memory.memoryHeaps(h).size();
                heaps.add(new DeviceInfo.Heap(bytes, local));
                if (local) {
                    deviceLocal = Math.max(deviceLocal, bytes);
                }
            }
            String driverName = api >= VK_API_VERSION_1_2
                    ? (driver.driverNameString() + " " + driver.driverInfoString()).strip() : "unknown";
            return new DeviceInfo(index, properties.properties().deviceNameString(), typeName(properties.properties().deviceType()),
                    driverName, VK_VERSION_MAJOR(api) + "." + VK_VERSION_MINOR(api) + "." + VK_VERSION_PATCH(api), heaps,
                    deviceLocal, subgroup.subgroupSize(),
                    (subgroup.supportedOperations() & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT) != 0
                            && (subgroup.supportedStages() & VK_SHADER_STAGE_COMPUTE_BIT) != 0,
                    storage16.storageBuffer16BitAccess(),
                    dotKnown && dot.shaderIntegerDotProduct(),
                    Integer.toUnsignedLong(properties.properties().limits().maxStorageBufferRange()),
                    Queues.of(device).transferDescription());
        }
    }

    /** Nanoseconds per tick of the device's timestamps. */
    static double timestampPeriod(VkPhysicalDevice device) {
        try (MemoryStack stack = stackPush()) {
            VkPhysicalDeviceProperties2 properties = VkPhysicalDeviceProperties2.calloc(stack).sType$Default();
            vkGetPhysicalDeviceProperties2(device, properties);
            return properties.properties().limits().timestampPeriod();
        }
    }

    private static boolean hasExtension(VkPhysicalDevice device, String name) {
        try (MemoryStack stack = stackPush()) {
            int[] count = new int[1];
            Vk.check(vkEnumerateDeviceExtensionProperties(device, (String) null, count, null), "vkEnumerateDeviceExtensionProperties");
            VkExtensionProperties.Buffer extensions = VkExtensionProperties.malloc(count[0], stack);
            Vk.check(vkEnumerateDeviceExtensionProperties(device, (String) null, count, extensions),
                    "vkEnumerateDeviceExtensionProperties");
            for (VkExtensionProperties extension : extensions) {
                if (extension.extensionNameString().equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU -> "discrete";
            case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU -> "integrated";
            case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU -> "virtual";
            case VK_PHYSICAL_DEVICE_TYPE_CPU -> "cpu";
            default -> "other";
        };
    }
}
