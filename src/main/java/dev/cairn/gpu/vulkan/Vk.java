package dev.cairn.gpu.vulkan;

import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

/** Vulkan result codes turned into exceptions that name the call. */
final class Vk {

    private Vk() {
    }

    static void check(int result, String call) {
        if (result != VK_SUCCESS) {
            throw new IllegalStateException(call + " failed with Vulkan result " + result);
        }
    }
}
