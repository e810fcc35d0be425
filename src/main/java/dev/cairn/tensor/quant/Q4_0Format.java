package dev.cairn.tensor.quant;

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

/**
 * Q4_0: blocks of 32 as {@code f16 d; u8 qs[16]}; element {@code j < 16} is the low nibble of {@code qs[j]},
 * element {@code j + 16} its high nibble; value {@code (q - 8) * d}.
 */
final class Q4_0Format extends BlockFormat {

    private static final int BYTES = 18;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q4_0Format() {
        super(GgmlType.Q4_0, 3);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        for (int j = 0; j < 16; j++) {
            int q = u8(data, block + 2 + j);
            dst[at + j] = ((q & 0xF) - 8) * d;
            dst[at + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float d = QuantSupport.signedMax(src, at, 32) / -8;
        float id = d != 0 ? 1 / d : 0f;
        putHalf(data, block, d);
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (src[at + j] * id + 8.5f));
            int hi = Math.min(15, (int) (src[at + j + 16] * id + 8.5f));
            putU8(data, block + 2 + j, lo | hi << 4);
        }
    }

    /**
     * Sums {@code q * x} with the quants as stored (0..15) and takes the {@code -8} from the block sums of
     * {@code x}: each block's sum starts at {@code -8 * sum(x) / lanes} in every lane (exact: the lane count
     * is a power of two), which saves two vector subtractions per block. One accumulator: splitting it over
     * two blocks per iteration measured no faster.
     */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        FloatVector acc = FloatVector.zero(F);
        float perLane = -8f / F.length();
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            FloatVector bias = FloatVector.broadcast(F, perLane * xSums[b]);
            acc = blockDot(data, offset + (long) b * BYTES, x, xOff + 32 * b, bias, acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * As {@link #kernel} for three rows in one loop, the loads of x and each block's bias shared. Three
     * streams from memory keep more reads in flight than two: a standalone mat-vec from memory read 6.0-6.2
     * GB/s with two rows and 6.6-7.6 with three, and tinyllama Q4_0 decoded at 19.43-19.79 tok/s against
     * 21.62-22.22 (alternating rounds). Four rows took the loop past C2's inlining node cutoff (boxed).
     */
    @Override
    void kernelSpaced(MemorySegment data, long offset, long stride, float[] x, int xOff, float[] xSums, int n,
            float[] out, int at, int atStride) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        float perLane = -8f / F.length();
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            int xb = xOff + 32 * b;
            FloatVector bias = FloatVector.broadcast(F, perLane * xSums[b]);
            acc0 = blockDot(data, block, x, xb, bias, acc0);
            acc1 = blockDot(data, block + stride, x, xb, bias, acc1);
            acc2 = blockDot(data, block + 2 * stride, x, xb, bias, acc2);
        }
        out[at] = acc0.reduceLanes(VectorOperators.ADD);
        out[at + atStride] = acc1.reduceLanes(VectorOperators.ADD);
        out[at + 2 * atStride] = acc2.reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@code acc} plus {@code d} times one block's lane-wise products of its stored quants with
     * {@code x[xb..xb+32)}, summed onto {@code bias}. The scale is read here, next to the quants, so this
     * method has a scalar read of the mapping of its own when it is compiled apart from its caller (see
     * {@link MappedReads}). The bytes are widened to ints before the nibbles are split: x86 has no byte
     * shift, so a byte-lane shift costs several instructions where an int-lane shift is one.
     */
    private static FloatVector blockDot(MemorySegment data, long block, float[] x, int xb, FloatVector bias,
            FloatVector acc) {
        float d = half(data, block);
        int lanes = F.length();
        int step = B.length();
        FloatVector sum = bias;
        for (int c = 0; c < 16; c += step) {
            ByteVector q = ByteVector.fromMemorySegment(B, data, block + 2 + c, ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p * lanes < step; p++) {
                int xi = xb + c + p * lanes;
                IntVector w = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                FloatVector lo = w.and(0xF).convert(VectorOperators.I2F, 0).reinterpretAsFloats();
                FloatVector hi = w.lanewise(VectorOperators.LSHR, 4).convert(VectorOperators.I2F, 0).reinterpretAsFloats();
                sum = lo.fma(FloatVector.fromArray(F, x, xi), sum);
                sum = hi.fma(FloatVector.fromArray(F, x, xi + 16), sum);
            }
        }
        return sum.fma(FloatVector.broadcast(F, d), acc);
    }

    /** Decodes as {@link #decodeBlock} does, with the same float operations, so the result is identical. */
    @Override
    void decodeKernel(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        int lanes = F.length();
        int step = B.length();
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            FloatVector d = FloatVector.broadcast(F, half(data, block));
            int at = dstOff + 32 * b;
            for (int c = 0; c < 16; c += step) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, block + 2 + c, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p * lanes < step; p++) {
                    int e = at + c + p * lanes;
                    IntVector w = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                    w.and(0xF).sub(8).convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(d).intoArray(dst, e);
                    w.lanewise(VectorOperators.LSHR, 4).sub(8).convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(d).intoArray(dst, e + 16);
                }
            }
        }
    }
}
