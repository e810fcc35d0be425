package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_QUEUE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUEUE_GRAPHICS_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUEUE_TRANSFER_BIT;
import static org.lwjgl.vulkan.VK10.vkGetPhysicalDeviceQueueFamilyProperties;

import dev.cairn.backend.BackendUnavailableException;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkQueueFamilyProperties;

/**
 * The queues Cairn opens on a device: one for compute and one that uploads streamed layers. Uploads run
 * beside compute only on a queue of their own; in order of preference a transfer-only family (a GPU's copy
 * engine), another family, a second queue of the compute family, and, where the device has a single queue
 * (lavapipe), the compute queue itself, where uploads and kernels take turns. {@link #transferDescription}
 * says which, for {@code cairn devices}.
 *
 * @param computeFamily       the first family with compute
 * @param timestampBits       valid bits of the compute family's timestamps (0: it cannot time layers)
 * @param transferFamily      the family uploads are submitted to
 * @param transferIndex       the queue of that family
 */
record Queues(int computeFamily, int timestampBits, int transferFamily, int transferIndex) {

    /** Whether uploads have a queue of their own, so that they run while kernels do. */
    boolean separateTransfer() {
        return transferFamily != computeFamily || transferIndex != 0;
    }

    /** Where uploads run, in words. */
    String transferDescription() {
        if (transferFamily != computeFamily) {
            return "queue family " + transferFamily + " beside compute (family " + computeFamily + ")";
        }
        return transferIndex != 0 ? "a second queue of the compute family"
                : "the compute queue (the device has one queue: uploads and kernels take turns)";
    }

    static Queues of(VkPhysicalDevice device) {
        try (MemoryStack stack = stackPush()) {
            int[] count = new int[1];
            vkGetPhysicalDeviceQueueFamilyProperties(device, count, null);
            VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.calloc(count[0], stack);
            vkGetPhysicalDeviceQueueFamilyProperties(device, count, families);
            int compute = -1;
            for (int i = 0; i < count[0] && compute < 0; i++) {
                if ((families.get(i).queueFlags() & VK_QUEUE_COMPUTE_BIT) != 0) {
                    compute = i;
                }
            }
            if (compute < 0) {
                throw new BackendUnavailableException("the Vulkan device has no compute queue: Cairn needs one");
            }
            int timestamps = families.get(compute).timestampValidBits();
            int copyOnly = -1;
            int other = -1;
            for (int i = 0; i < count[0]; i++) {
                int flags = families.get(i).queueFlags();
                // Graphics and compute families transfer too, whether or not they say so.
                boolean transfers = (flags & (VK_QUEUE_TRANSFER_BIT | VK_QUEUE_COMPUTE_BIT | VK_QUEUE_GRAPHICS_BIT)) != 0;
                if (i == compute || !transfers || families.get(i).queueCount() == 0) {
                    continue;
                }
                if ((flags & (VK_QUEUE_COMPUTE_BIT | VK_QUEUE_GRAPHICS_BIT)) == 0 && copyOnly < 0) {
                    copyOnly = i;
                } else if (other < 0) {
                    other = i;
                }
            }
            if (copyOnly >= 0 || other >= 0) {
                return new Queues(compute, timestamps, copyOnly >= 0 ? copyOnly : other, 0);
            }
            return new Queues(compute, timestamps, compute, families.get(compute).queueCount() > 1 ? 1 : 0);
        }
    }
}
