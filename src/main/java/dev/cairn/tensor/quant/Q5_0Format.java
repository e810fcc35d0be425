package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.INT_LE;
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
 * Q5_0: blocks of 32 as {@code f16 d; u32 qh; u8 qs[16]}; nibbles as in Q4_0 and bit {@code j} of
 * {@code qh} is the fifth bit of element {@code j}; value {@code (q - 16) * d}.
 */
final class Q5_0Format extends BlockFormat {

    private static final int BYTES = 22;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q5_0Format() {
        super(GgmlType.Q5_0);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        int qh = data.get(INT_LE, block + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(data, block + 6 + j);
            int lo = (q & 0xF) | ((qh >>> j) & 1) << 4;
            int hi = (q >>> 4) | ((qh >>> (j + 16)) & 1) << 4;
            dst[at + j] = (lo - 16) * d;
            dst[at + j + 16] = (hi - 16) * d;
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float d = QuantSupport.signedMax(src, at, 32) / -16;
        float id = d != 0 ? 1 / d : 0f;
        putHalf(data, block, d);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(31, (int) (src[at + j] * id + 16.5f));
            int hi = Math.min(31, (int) (src[at + j + 16] * id + 16.5f));
            putU8(data, block + 6 + j, (lo & 0xF) | (hi & 0xF) << 4);
            qh |= (lo >>> 4) << j | (hi >>> 4) << (j + 16);
        }
        data.set(INT_LE, block + 2, qh);
    }

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        int lanes = F.length();
        int step = B.length();
        IntVector iota = IntVector.zero(I).addIndex(1);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            int xb = xOff + 32 * b;
            int qh = data.get(INT_LE, block + 2);
            FloatVector sum = FloatVector.zero(F);
            for (int c = 0; c < 16; c += step) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, block + 6 + c, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p * lanes < step; p++) {
                    int e = c + p * lanes;
                    IntVector w = ints(q, p);
                    IntVector q0 = w.and(0xF).or(fifthBits(qh >>> e, iota)).sub(16);
                    IntVector q1 = w.lanewise(VectorOperators.LSHR, 4).or(fifthBits(qh >>> (e + 16), iota)).sub(16);
                    sum = floats(q0).fma(FloatVector.fromArray(F, x, xb + e), sum);
                    sum = floats(q1).fma(FloatVector.fromArray(F, x, xb + e + 16), sum);
                }
            }
            acc = sum.fma(FloatVector.broadcast(F, half(data, block)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** Lane {@code i} gets bit {@code i} of {@code bits}, moved to bit 4. */
    private static IntVector fifthBits(int bits, IntVector iota) {
        return IntVector.broadcast(I, bits << 4).lanewise(VectorOperators.LSHR, iota).and(0x10);
    }

    /** Bytes widened before the nibbles are cut out: x86 has no byte shift, an int-lane shift is one instruction. */
    private static IntVector ints(ByteVector q, int part) {
        return (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, part);
    }

    private static FloatVector floats(IntVector q) {
        return (FloatVector) q.convertShape(VectorOperators.I2F, F, 0);
    }
}
