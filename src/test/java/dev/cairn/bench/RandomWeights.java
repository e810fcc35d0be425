package dev.cairn.bench;

import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormat;
import dev.cairn.tensor.quant.QuantFormats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Weight matrices for the kernel benchmarks: Gaussian rows (σ 0.02, as in a trained model) quantized to a type. */
final class RandomWeights {

    private RandomWeights() {
    }

    /** {@code rows} rows of {@code cols} weights of {@code type}, back to back, 64-byte aligned in {@code arena}. */
    static MemorySegment matrix(Arena arena, GgmlType type, int rows, int cols, Random random) {
        long rowBytes = type.bytesFor(cols);
        MemorySegment data = arena.allocate(rowBytes * rows, 64);
        QuantFormat format = QuantFormats.of(type);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) random.nextGaussian() * 0.02f;
            }
            format.quantize(row, 0, data, r * rowBytes, cols);
        }
        return data;
    }
}
