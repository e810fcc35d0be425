package dev.cairn.gpu.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_ERROR_INCOMPATIBLE_DRIVER;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;
import static org.lwjgl.vulkan.VK10.vkCreateInstance;
import static org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2;

import dev.cairn.backend.BackendUnavailableException;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK;
import org.lwjgl.vulkan.VkApplicationInfo;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkInstanceCreateInfo;

/** Creates the Vulkan instance, or says in one line what is missing on this machine. */
final class VulkanInstance {

    /** How to get Vulkan on Debian and Ubuntu, for the error messages. */
    static final String HOW_TO_INSTALL = "install a Vulkan driver and loader, e.g. apt-get install libvulkan1 "
            + "mesa-vulkan-drivers (or your GPU vendor's driver)";

    private VulkanInstance() {
    }

    static VkInstance create() {
        try {
            // LWJGL binds libvulkan.so.1 when this class first loads; without the loader that fails.
            VK.getFunctionProvider();
        } catch (Throwable e) {
            throw new BackendUnavailableException("no Vulkan loader (libvulkan.so.1) on this machine: " + HOW_TO_INSTALL, e);
        }
        try (MemoryStack stack = stackPush()) {
            VkApplicationInfo app = VkApplicationInfo.calloc(stack).sType$Default()
                    .pApplicationName(stack.UTF8("Cairn"))
                    .pEngineName(stack.UTF8("Cairn"))
                    .apiVersion(VK_API_VERSION_1_2);
            VkInstanceCreateInfo info = VkInstanceCreateInfo.calloc(stack).sType$Default().pApplicationInfo(app);
            PointerBuffer instance = stack.mallocPointer(1);
            int result = vkCreateInstance(info, null, instance);
            if (result == VK_ERROR_INCOMPATIBLE_DRIVER) {
                throw new BackendUnavailableException("the Vulkan loader found no driver: " + HOW_TO_INSTALL);
            }
            if (result != VK_SUCCESS) {
                throw new BackendUnavailableException("Vulkan did not start (vkCreateInstance returned " + result + "): "
                        + HOW_TO_INSTALL);
            }
            return new VkInstance(instance.get(0), info);
        }
    }
}
