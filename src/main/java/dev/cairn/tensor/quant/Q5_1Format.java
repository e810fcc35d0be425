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

/** Q5_1: blocks of 32 as {@code f16 d, m; u32 qh; u8 qs[16]}, bits as in Q5_0, value {@code q * d + m}. */
final class Q5_1Format extends BlockFormat {

    private static final int BYTES = 24;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q5_1Format() {
        super(GgmlType.Q5_1);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        float m = half(data, block + 2);
        int qh = data.get(INT_LE, block + 4);
        for (int j = 0; j < 16; j++) {
            int q = u8(data, block + 8 + j);
            int lo = (q & 0xF) | ((qh >>> j) & 1) << 4;
            int hi = (q >>> 4) | ((qh >>> (j + 16)) & 1) << 4;
            dst[at + j] = lo * d + m;
            dst[at + j + 16] = hi * d + m;
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
        float d = (max - min) / 31;
        float id = d != 0 ? 1 / d : 0f;
        putHalf(data, block, d);
        putHalf(data, block + 2, min);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(31, (int) ((src[at + j] - min) * id + 0.5f));
            int hi = Math.min(31, (int) ((src[at + j + 16] - min) * id + 0.5f));
            putU8(data, block + 8 + j, (lo & 0xF) | (hi & 0xF) << 4);
            qh |= (lo >>> 4) << j | (hi >>> 4) << (j + 16);
        }
        data.set(INT_LE, block + 4, qh);
    }

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        int lanes = F.length();
        int step = B.length();
        IntVector iota = IntVector.zero(I).addIndex(1);
        FloatVector acc = FloatVector.zero(F);
        float mins = 0f;
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            int xb = xOff + 32 * b;
            int qh = data.get(INT_LE, block + 4);
            FloatVector sum = FloatVector.zero(F);
            for (int c = 0; c < 16; c += step) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, block + 8 + c, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                for (int p = 0; p * lanes < step; p++) {
                    int e = c + p * lanes;
                    sum = floats(ints(lo, p).or(fifthBits(qh >>> e, iota))).fma(FloatVector.fromArray(F, x, xb + e), sum);
                    sum = floats(ints(hi, p).or(fifthBits(qh >>> (e + 16), iota))).fma(FloatVector.fromArray(F, x, xb + e + 16), sum);
                }
            }
            acc = sum.fma(FloatVector.broadcast(F, half(data, block)), acc);
            mins += half(data, block + 2) * xSums[b];
        }
        return acc.reduceLanes(VectorOperators.ADD) + mins;
    }

    /** Lane {@code i} gets bit {@code i} of {@code bits}, moved to bit 4. */
    private static IntVector fifthBits(int bits, IntVector iota) {
        return IntVector.broadcast(I, bits << 4).lanewise(VectorOperators.LSHR, iota).and(0x10);
    }

    private static IntVector ints(ByteVector q, int part) {
        return (IntVector) q.convertShape(VectorOperators.B2I, I, part);
    }

    private static FloatVector floats(IntVector q) {
        return (FloatVector) q.convertShape(VectorOperators.I2F, F, 0);
    }
}
