package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;
import static dev.cairn.tensor.quant.QuantSupport.LONG_LE;
import static dev.cairn.tensor.quant.QuantSupport.clamp;
import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.nearestInt;
import static dev.cairn.tensor.quant.QuantSupport.putHalf;
import static dev.cairn.tensor.quant.QuantSupport.putU8;
import static dev.cairn.tensor.quant.QuantSupport.u8;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q6_K: super-blocks of 256 as {@code u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d}. Each 128-element half
 * {@code h} uses {@code ql[64h..64h+64)} and {@code qh[32h..32h+32)}: for {@code l < 32}, elements
 * {@code l, l+32, l+64, l+96} take the low nibble of {@code ql[l]}, the low nibble of {@code ql[l+32]}, the
 * high nibble of {@code ql[l]} and the high nibble of {@code ql[l+32]}, with bit pairs 0, 2, 4, 6 of
 * {@code qh[l]} on top; value {@code d * scales[s] * (q - 32)} for 16-element sub-block {@code s}.
 */
final class Q6KFormat extends BlockFormat {

    private static final int BYTES = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q6KFormat() {
        super(GgmlType.Q6_K);
    }

    private static int scale(MemorySegment data, long block, int s) {
        return data.get(ValueLayout.JAVA_BYTE, block + SCALES + s);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block + D);
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int a = u8(data, block + 64 * h + l);
                int c = u8(data, block + 64 * h + 32 + l);
                int hb = u8(data, block + QH + 32 * h + l);
                int q1 = ((a & 0xF) | (hb & 3) << 4) - 32;
                int q2 = ((c & 0xF) | ((hb >>> 2) & 3) << 4) - 32;
                int q3 = ((a >>> 4) | ((hb >>> 4) & 3) << 4) - 32;
                int q4 = ((c >>> 4) | ((hb >>> 6) & 3) << 4) - 32;
                int s = 8 * h + l / 16;
                int e = at + 128 * h + l;
                dst[e] = d * scale(data, block, s) * q1;
                dst[e + 32] = d * scale(data, block, s + 2) * q2;
                dst[e + 64] = d * scale(data, block, s + 4) * q3;
                dst[e + 96] = d * scale(data, block, s + 6) * q4;
            }
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float[] scales = new float[16];
        for (int s = 0; s < 16; s++) {
            scales[s] = ScaleFit.symmetric(src, at + 16 * s, 16, 32);
        }
        float maxScale = QuantSupport.signedMax(scales, 0, 16);
        float iscale = maxScale != 0 ? -128 / maxScale : 0f;
        for (int s = 0; s < 16; s++) {
            putU8(data, block + SCALES + s, Math.min(127, nearestInt(iscale * scales[s])));
        }
        putHalf(data, block + D, iscale != 0 ? 1 / iscale : 0f);
        float d = half(data, block + D);
        int[] q = new int[256];
        for (int s = 0; s < 16; s++) {
            float dl = d * scale(data, block, s);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                q[i] = dl != 0 ? clamp(nearestInt(src[at + i] / dl), -32, 31) + 32 : 32;
            }
        }
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int e = 128 * h + l;
                putU8(data, block + 64 * h + l, (q[e] & 0xF) | (q[e + 64] & 0xF) << 4);
                putU8(data, block + 64 * h + 32 + l, (q[e + 32] & 0xF) | (q[e + 96] & 0xF) << 4);
                putU8(data, block + QH + 32 * h + l,
                        q[e] >>> 4 | (q[e + 32] >>> 4) << 2 | (q[e + 64] >>> 4) << 4 | (q[e + 96] >>> 4) << 6);
            }
        }
    }

    /**
     * A byte chunk never straddles a 16-element sub-block, so each of its four quant vectors has a single
     * scale. The scales are read as two longs up front rather than by an accessor call per chunk. One
     * accumulator runs through the row and is reduced once: reducing every chunk's products to a float
     * (eight reductions per block with sixteen lanes) held the standalone dot product at 4.2-4.4 GB/s from
     * cache, against 5.5-5.8 this way; two accumulators taking turns measured the same.
     */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block + D);
            for (int h = 0; h < 2; h++) {
                long scales = data.get(LONG_LE, block + SCALES + 8 * h);
                for (int c = 0; c < 32; c += B.length()) {
                    long chunkScales = scales >>> 8 * (c / 16);
                    for (int j = 0; j < 2; j++) {
                        acc = dotNibbles(data, block + 64 * h + 32 * j + c, block + QH + 32 * h + c, 2 * j, x,
                                xOff + 256 * b + 128 * h + 32 * j + c,
                                d * (byte) (chunkScales >>> 16 * j), d * (byte) (chunkScales >>> 16 * j + 32), acc);
                    }
                }
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@code acc} plus the products of {@link #decodeNibbles}'s two quant vectors with {@code x[xi..]} and
     * {@code x[xi + 64..]}. The bytes are widened to int lanes before the bit fields are cut out (x86 has
     * no byte shifts), and the two vectors keep separate sums.
     */
    private static FloatVector dotNibbles(MemorySegment data, long ql, long qh, int highShift, float[] x, int xi,
            float lowScale, float highScale, FloatVector acc) {
        markFaultable(data, ql);
        int lanes = F.length();
        ByteVector q = ByteVector.fromMemorySegment(B, data, ql, ByteOrder.LITTLE_ENDIAN);
        ByteVector hb = ByteVector.fromMemorySegment(B, data, qh, ByteOrder.LITTLE_ENDIAN);
        FloatVector low = FloatVector.zero(F);
        FloatVector high = FloatVector.zero(F);
        for (int p = 0; p * lanes < B.length(); p++) {
            IntVector qi = ints(q, p);
            IntVector hi = ints(hb, p).lanewise(VectorOperators.LSHR, highShift);
            int xp = xi + p * lanes;
            low = quants(qi, hi.lanewise(VectorOperators.LSHL, 4)).fma(FloatVector.fromArray(F, x, xp), low);
            high = quants(qi.lanewise(VectorOperators.LSHR, 4), hi).fma(FloatVector.fromArray(F, x, xp + 64), high);
        }
        return high.fma(FloatVector.broadcast(F, highScale), low.fma(FloatVector.broadcast(F, lowScale), acc));
    }

    /** Decodes as {@link #decodeBlock} does, with the same float operations, so the result is identical. */
    @Override
    void decodeKernel(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block + D);
            for (int h = 0; h < 2; h++) {
                for (int c = 0; c < 32; c += B.length()) {
                    int s = 8 * h + c / 16;
                    for (int j = 0; j < 2; j++) {
                        decodeNibbles(data, block + 64 * h + 32 * j + c, block + QH + 32 * h + c, 2 * j,
                                d * scale(data, block, s + 2 * j), d * scale(data, block, s + 2 * j + 4), dst,
                                dstOff + 256 * b + 128 * h + 32 * j + c);
                    }
                }
            }
        }
    }

    /**
     * The two quant vectors of the bytes at {@code ql}, scaled: the low nibbles under the bit pair at
     * {@code highShift} of the bytes at {@code qh} into {@code dst[at..]}, the high nibbles under the pair
     * above it into {@code dst[at + 64..]}. Two vectors per call, reading only scalars in: with all four
     * quant vectors of a chunk in one method, C2 reached its inlining node cutoff inside it and boxed every
     * vector that crossed the call it gave up on: decoding and the dot product both ran at 1.3 GB/s, against
     * 6 and 4.3 once split. ({@link #dotNibbles} has since taken and returned a vector accumulator: its
     * single call site, in a loop, is inlined whole.)
     */
    private static void decodeNibbles(MemorySegment data, long ql, long qh, int highShift, float lowScale,
            float highScale, float[] dst, int at) {
        markFaultable(data, ql);
        int lanes = F.length();
        ByteVector q = ByteVector.fromMemorySegment(B, data, ql, ByteOrder.LITTLE_ENDIAN);
        ByteVector hb = ByteVector.fromMemorySegment(B, data, qh, ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p * lanes < B.length(); p++) {
            IntVector qi = ints(q, p);
            IntVector hi = ints(hb, p).lanewise(VectorOperators.LSHR, highShift);
            int o = at + p * lanes;
            quants(qi, hi.lanewise(VectorOperators.LSHL, 4)).mul(lowScale).intoArray(dst, o);
            quants(qi.lanewise(VectorOperators.LSHR, 4), hi).mul(highScale).intoArray(dst, o + 64);
        }
    }

    private static IntVector ints(ByteVector bytes, int part) {
        return (IntVector) bytes.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, part);
    }

    /** The 6-bit quant {@code (low & 0xF) | (high & 0x30)}, minus 32, as floats. */
    private static FloatVector quants(IntVector low, IntVector high) {
        return (FloatVector) low.and(0xF).or(high.and(0x30)).sub(32).convert(VectorOperators.I2F, 0);
    }
}
