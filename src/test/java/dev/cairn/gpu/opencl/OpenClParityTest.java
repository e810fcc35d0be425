package dev.cairn.gpu.opencl;

import dev.cairn.backend.Backend;
import dev.cairn.gpu.GpuParityCases;

/** The parity cases of every GPU backend ({@link GpuParityCases}) on the OpenCL device of the GPU tests (PoCL in CI). */
class OpenClParityTest extends GpuParityCases {

    @Override
    protected Backend openGpu() {
        return new OpenClBackend(OpenClTestDevice.index());
    }
}
