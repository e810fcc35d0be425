package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.putHalf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Q8_0: blocks of 32 as {@code f16 d; int8 q[32]}, value {@code q * d}. */
final class Q8_0Format extends BlockFormat {

    private static final int BYTES = 34;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);

    Q8_0Format() {
        super(GgmlType.Q8_0, 4);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        for (int j = 0; j < 32; j++) {
            dst[at + j] = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) * d;
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float amax = 0f;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(src[at + j]));
        }
        float d = amax / 127;
        float id = d != 0 ? 1 / d : 0f;
        putHalf(data, block, d);
        for (int j = 0; j < 32; j++) {
            data.set(ValueLayout.JAVA_BYTE, block + 2 + j, (byte) Math.round(src[at + j] * id));
        }
    }

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            acc = blockDot(data, offset + (long) b * BYTES, x, xOff + 32 * b, acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** As {@link #kernel} for four rows in one loop: each row's arithmetic is the same, the loads of x shared. */
    @Override
    void kernelSpaced(MemorySegment data, long offset, long stride, float[] x, int xOff, float[] xSums, int n,
            float[] out, int at, int atStride) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            int xb = xOff + 32 * b;
            acc0 = blockDot(data, block, x, xb, acc0);
            acc1 = blockDot(data, block + stride, x, xb, acc1);
            acc2 = blockDot(data, block + 2 * stride, x, xb, acc2);
            acc3 = blockDot(data, block + 3 * stride, x, xb, acc3);
        }
        out[at] = acc0.reduceLanes(VectorOperators.ADD);
        out[at + atStride] = acc1.reduceLanes(VectorOperators.ADD);
        out[at + 2 * atStride] = acc2.reduceLanes(VectorOperators.ADD);
        out[at + 3 * atStride] = acc3.reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@code acc} plus the lane-wise products of one block with {@code x[xb..xb+32)}, scaled. The scale is
     * read here, next to the quants, so that this method reads the mapping with a scalar read of its own
     * when it is compiled apart from its caller (see {@link MappedReads}).
     */
    private static FloatVector blockDot(MemorySegment data, long block, float[] x, int xb, FloatVector acc) {
        float d = half(data, block);
        int lanes = F.length();
        int step = B.length();
        FloatVector sum = FloatVector.zero(F);
        for (int c = 0; c < 32; c += step) {
            ByteVector q = ByteVector.fromMemorySegment(B, data, block + 2 + c, ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p * lanes < step; p++) {
                sum = floats(q, p).fma(FloatVector.fromArray(F, x, xb + c + p * lanes), sum);
            }
        }
        return sum.fma(FloatVector.broadcast(F, d), acc);
    }

    private static FloatVector floats(ByteVector q, int part) {
        return (FloatVector) q.convertShape(VectorOperators.B2F, F, part);
    }

    /** Decodes as {@link #decodeBlock} does, with the same float operations, so the result is identical. */
    @Override
    void decodeKernel(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        int lanes = F.length();
        int step = B.length();
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            FloatVector d = FloatVector.broadcast(F, half(data, block));
            for (int c = 0; c < 32; c += step) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, block + 2 + c, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p * lanes < step; p++) {
                    floats(q, p).mul(d).intoArray(dst, dstOff + 32 * b + c + p * lanes);
                }
            }
        }
    }
}
