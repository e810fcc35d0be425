package dev.cairn.gpu.vulkan;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Backend;
import dev.cairn.backend.Weight;
import dev.cairn.gpu.GpuParityCases;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import org.junit.jupiter.api.Test;

/**
 * The parity cases of every GPU backend ({@link GpuParityCases}) on the Vulkan device of the GPU tests
 * (lavapipe in CI), and Vulkan's own: weights split over buffers that each fit one binding, and the
 * reductions without subgroup operations.
 */
class VulkanParityTest extends GpuParityCases {

    @Override
    protected Backend openGpu() {
        return new VulkanBackend(TestDevice.index());
    }

    @Test
    void matMulOverAWeightSplitAcrossBuffers() {
        // 4 KiB buffers: the 37 rows of 288 bytes of a Q4_K matrix span three (14, 14 and 9 rows), and the
        // F32 table that feeds the input holds one row of 2 KiB per buffer.
        try (VulkanBackend split = new VulkanBackend(TestDevice.index(), 4096, true)) {
            Tensor tensor = tensor(GgmlType.Q4_K, ODD_ROWS, 512, 4);
            Weight onGpu = split.weight(tensor);
            Pair<Activation> x = new Pair<>(cpuInput(BATCH, 512, 5), inputOn(split, BATCH, 512, 5));
            Pair<Activation> out = new Pair<>(cpu.activation(BATCH, ODD_ROWS), split.activation(BATCH, ODD_ROWS));
            cpu.matMul(x.onCpu(), new Weight[] {cpu.weight(tensor)}, new Activation[] {out.onCpu()}, BATCH);
            split.matMul(x.onGpu(), new Weight[] {onGpu}, new Activation[] {out.onGpu()}, BATCH);
            assertClose("split matmul", out, BATCH, QUANT_BOUND, split);
        }
    }

    /** The reductions of mat-vec, RMS norm and attention once more with shared memory only, as on devices without subgroups. */
    @Test
    void theSharedMemoryReductionsWithoutSubgroups() {
        Backend withSubgroups = gpu;
        try (VulkanBackend sharedMemoryOnly = new VulkanBackend(TestDevice.index(), Long.MAX_VALUE, false)) {
            gpu = sharedMemoryOnly;
            matMulOfSeveralMatricesAsDecodeAndAsBatch(GgmlType.Q4_K);
            matMulOfSeveralMatricesAsDecodeAndAsBatch(GgmlType.F16); // odd rows: the tail of four
            rmsNormAndPerHeadNorm();
            attentionOverTheCacheForAPromptThenADecodedToken("F16");
        } finally {
            gpu = withSubgroups;
        }
    }
}
