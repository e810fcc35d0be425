package dev.cairn.gpu.opencl;

import dev.cairn.gpu.DeviceSlotsCases;

/**
 * The device slots cases ({@link DeviceSlotsCases}) on the OpenCL device of the GPU tests (PoCL in CI);
 * staging carries a page more, to start its view on a page boundary.
 */
class OpenClLayerSlotsTest extends DeviceSlotsCases<OpenClBackend> {

    OpenClLayerSlotsTest() {
        super(() -> new OpenClBackend(OpenClTestDevice.index()), OpenClBackend::openAllocations, 4096);
    }
}
