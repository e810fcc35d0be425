package dev.cairn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batched matrix products against a double-precision product of the decoded rows, over batch sizes around
 * every tile edge (the 64-token outer tile, the half-group tile, the 4×4 tile, single dot products), row
 * counts that leave part of a panel, and inputs wide enough to be cut into column blocks. Runs once per
 * vector width and with the vector kernels off, so every tile path is taken somewhere.
 */
class GemmTest {

    @ParameterizedTest
    @CsvSource({
        "F32, 13, 64", "F32, 40, 96", "F32, 64, 172", "Q4_0, 24, 256", "Q4_0, 37, 128", "Q4_K, 16, 512", "Q8_0, 9, 64",
        // Inputs wide enough to go in column blocks at the larger batches, the second block the narrower one.
        "Q4_K, 13, 3328", "Q8_0, 16, 2816",
    })
    void everyBatchSizeMatchesTheExactProduct(GgmlType type, int rows, int cols) {
        Random random = new Random(rows * 31 + cols);
        try (Arena arena = Arena.ofShared(); CpuBackend backend = new CpuBackend(2)) {
            // Two matrices sharing the input, as the forward pass asks for Q, K and V.
            Tensor[] tensors = {random(arena, type, rows, cols, random), random(arena, type, rows + 5, cols, random)};
            Weight[] weights = {backend.weight(tensors[0]), backend.weight(tensors[1])};
            for (int batch : new int[] {1, 3, 4, 7, 31, 32, 33, 44, 63, 64, 65, 70, 95, 96, 100, 128}) {
                CpuActivation x = (CpuActivation) backend.activation(batch, cols);
                for (int i = 0; i < batch * cols; i++) {
                    x.data()[i] = (float) random.nextGaussian();
                }
                Activation[] outs = {backend.activation(batch, rows), backend.activation(batch, rows + 5)};
                backend.matMul(x, weights, outs, batch);
                for (int m = 0; m < 2; m++) {
                    assertClose(tensors[m], x.data(), ((CpuActivation) outs[m]).data(), batch, type + " batch " + batch);
                }
            }
        }
    }

    private static Tensor random(Arena arena, GgmlType type, int rows, int cols, Random random) {
        long rowBytes = type.bytesFor(cols);
        MemorySegment data = arena.allocate(rowBytes * rows, 64);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) random.nextGaussian();
            }
            QuantFormats.of(type).quantize(row, 0, data, r * rowBytes, cols);
        }
        return new Tensor("w", type, data, rows, cols);
    }

    /** Normalised squared error of every output row against the product in double. */
    private static void assertClose(Tensor w, float[] x, float[] out, int batch, String what) {
        int rows = w.rows();
        int cols = w.cols();
        float[] decoded = new float[cols];
        double error = 0;
        double norm = 0;
        for (int r = 0; r < rows; r++) {
            w.decodeRow(r, decoded, 0);
            for (int b = 0; b < batch; b++) {
                double exact = 0;
                for (int k = 0; k < cols; k++) {
                    exact += (double) decoded[k] * x[b * cols + k];
                }
                double diff = out[b * rows + r] - exact;
                error += diff * diff;
                norm += exact * exact;
            }
        }
        assertTrue(error / norm < 1e-11, what + ": NMSE " + error / norm);
    }
}
