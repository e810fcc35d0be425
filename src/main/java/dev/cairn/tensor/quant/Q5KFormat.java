package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.INT_LE;
import static dev.cairn.tensor.quant.QuantSupport.LONG_LE;
import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.kMin;
import static dev.cairn.tensor.quant.QuantSupport.kScale;
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
 * Q5_K: super-blocks of 256 as {@code f16 d, dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}; as Q4_K, plus a
 * fifth bit per element: element {@code 64g + l} takes bit {@code 2g} of {@code qh[l]}, element
 * {@code 64g + 32 + l} bit {@code 2g + 1}.
 */
final class Q5KFormat extends BlockFormat {

    private static final int BYTES = 176;
    private static final int SCALES = 4;
    private static final int QH = 16;
    private static final int QS = 48;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q5KFormat() {
        super(GgmlType.Q5_K);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        float dmin = half(data, block + 2);
        for (int g = 0; g < 4; g++) {
            float d1 = d * kScale(data, block + SCALES, 2 * g);
            float m1 = dmin * kMin(data, block + SCALES, 2 * g);
            float d2 = d * kScale(data, block + SCALES, 2 * g + 1);
            float m2 = dmin * kMin(data, block + SCALES, 2 * g + 1);
            for (int l = 0; l < 32; l++) {
                int q = u8(data, block + QS + 32 * g + l);
                int h = u8(data, block + QH + l);
                dst[at + 64 * g + l] = d1 * ((q & 0xF) + ((h >>> (2 * g)) & 1) * 16) - m1;
                dst[at + 64 * g + 32 + l] = d2 * ((q >>> 4) + ((h >>> (2 * g + 1)) & 1) * 16) - m2;
            }
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        int[] q = new int[256];
        ScaleFit.kScalesAndMins(src, at, 31, data, block, q);
        for (int l = 0; l < 32; l++) {
            int h = 0;
            for (int g = 0; g < 4; g++) {
                int lo = q[64 * g + l];
                int hi = q[64 * g + 32 + l];
                putU8(data, block + QS + 32 * g + l, (lo & 0xF) | (hi & 0xF) << 4);
                h |= (lo >>> 4) << (2 * g) | (hi >>> 4) << (2 * g + 1);
            }
            putU8(data, block + QH + l, h);
        }
    }

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        float sum = 0f;
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            sum += superBlockDot(data, offset + (long) b * BYTES, x, xOff + 256 * b, xSums, 8 * b);
        }
        return sum;
    }

    /**
     * Dot product of one super-block with {@code x[xb..xb+256)}: scales read once as a long and an int, the
     * mins' term {@code dmin * min * sum(x)} taken from the block sums {@code xSums[sb..sb+8)}. It returns
     * a float because it is too big for C2 to inline, and a vector returned from a real call is boxed; its
     * own helpers are all tiny.
     */
    private static float superBlockDot(MemorySegment data, long block, float[] x, int xb, float[] xSums, int sb) {
        int lanes = F.length();
        int step = B.length();
        float d = half(data, block);
        float dmin = half(data, block + 2);
        long lo = data.get(LONG_LE, block + SCALES);
        int hi = data.get(INT_LE, block + SCALES + 8);
        FloatVector acc = FloatVector.zero(F);
        float mins = 0f;
        for (int g = 0; g < 4; g++) {
            int xg = xb + 64 * g;
            FloatVector sum0 = FloatVector.zero(F);
            FloatVector sum1 = FloatVector.zero(F);
            for (int c = 0; c < 32; c += step) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, block + QS + 32 * g + c, ByteOrder.LITTLE_ENDIAN);
                ByteVector h = ByteVector.fromMemorySegment(B, data, block + QH + c, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p * lanes < step; p++) {
                    int xi = xg + c + p * lanes;
                    IntVector w = ints(q, p);
                    IntVector top = ints(h, p).lanewise(VectorOperators.LSHR, 2 * g).lanewise(VectorOperators.LSHL, 4);
                    sum0 = quants(w, top).fma(FloatVector.fromArray(F, x, xi), sum0);
                    sum1 = quants(w.lanewise(VectorOperators.LSHR, 4), top.lanewise(VectorOperators.LSHR, 1))
                            .fma(FloatVector.fromArray(F, x, xi + 32), sum1);
                }
            }
            acc = sum0.fma(FloatVector.broadcast(F, d * kScale(lo, hi, 2 * g)), sum1.mul(d * kScale(lo, hi, 2 * g + 1)).add(acc));
            mins += kMin(lo, hi, 2 * g) * xSums[sb + 2 * g] + kMin(lo, hi, 2 * g + 1) * xSums[sb + 2 * g + 1];
        }
        return acc.reduceLanes(VectorOperators.ADD) - dmin * mins;
    }

    private static IntVector ints(ByteVector bytes, int part) {
        return (IntVector) bytes.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, part);
    }

    /** The 5-bit quant {@code (low & 0xF) | (high & 0x10)} as floats. */
    private static FloatVector quants(IntVector low, IntVector high) {
        return (FloatVector) low.and(0xF).or(high.and(0x10)).convert(VectorOperators.I2F, 0);
    }
}
