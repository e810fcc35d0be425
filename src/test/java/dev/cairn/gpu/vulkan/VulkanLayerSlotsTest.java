package dev.cairn.gpu.vulkan;

import dev.cairn.gpu.DeviceSlotsCases;

/** The device slots cases ({@link DeviceSlotsCases}) on the Vulkan device of the GPU tests (lavapipe in CI). */
class VulkanLayerSlotsTest extends DeviceSlotsCases<VulkanBackend> {

    VulkanLayerSlotsTest() {
        super(() -> new VulkanBackend(TestDevice.index()), VulkanBackend::openAllocations, 0);
    }
}
