package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;
import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.putHalf;
import static dev.cairn.tensor.quant.QuantSupport.putU8;
import static dev.cairn.tensor.quant.QuantSupport.u8;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Q4_1: blocks of 32 as {@code f16 d, m; u8 qs[16]}, nibbles as in Q4_0, value {@code q * d + m}. */
final class Q4_1Format extends BlockFormat {

    private static final int BYTES = 20;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q4_1Format() {
        super(GgmlType.Q4_1);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        float m = half(data, block + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(data, block + 4 + j);
            dst[at + j] = (q & 0xF) * d + m;
            dst[at + j + 16] = (q >>> 4) * d + m;
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int j = 0; j < 32; j++) {
            min = Math.min(min, src[at + j]);
            max = Math.max(max, src[at + j]);
        }
        float d = (max - min) / 15;
        float id = d != 0 ? 1 / d : 0f;
        putHalf(data, block, d);
        putHalf(data, block + 2, min);
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) ((src[at + j] - min) * id + 0.5f));
            int hi = Math.min(15, (int) ((src[at + j + 16] - min) * id + 0.5f));
            putU8(data, block + 4 + j, lo | hi << 4);
        }
    }

    /** Sums {@code d * (q . x)} in vectors and adds {@code m * sum(x)} per block from the block sums of {@code x}. */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        markFaultable(data, offset);
        int lanes = F.length();
        int step = B.length();
        FloatVector acc = FloatVector.zero(F);
        float mins = 0f;
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            int xb = xOff + 32 * b;
            FloatVector sum = FloatVector.zero(F);
            for (int c = 0; c < 16; c += step) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, block + 4 + c, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p * lanes < step; p++) {
                    int xi = xb + c + p * lanes;
                    IntVector w = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                    sum = floats(w.and(0xF)).fma(FloatVector.fromArray(F, x, xi), sum);
                    sum = floats(w.lanewise(VectorOperators.LSHR, 4)).fma(FloatVector.fromArray(F, x, xi + 16), sum);
                }
            }
            acc = sum.fma(FloatVector.broadcast(F, half(data, block)), acc);
            mins += half(data, block + 2) * xSums[b];
        }
        return acc.reduceLanes(VectorOperators.ADD) + mins;
    }

    /** Nibbles are cut out of int lanes: x86 has no byte shift, so a byte-lane shift is several instructions. */
    private static FloatVector floats(IntVector q) {
        return (FloatVector) q.convert(VectorOperators.I2F, 0);
    }
}
