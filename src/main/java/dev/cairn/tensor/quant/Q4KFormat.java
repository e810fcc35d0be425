package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.INT_LE;
import static dev.cairn.tensor.quant.QuantSupport.LONG_LE;
import static dev.cairn.tensor.quant.QuantSupport.byteAt;
import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.kMin;
import static dev.cairn.tensor.quant.QuantSupport.kMins;
import static dev.cairn.tensor.quant.QuantSupport.kScale;
import static dev.cairn.tensor.quant.QuantSupport.kScales;
import static dev.cairn.tensor.quant.QuantSupport.putU8;
import static dev.cairn.tensor.quant.QuantSupport.u8;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_K: super-blocks of 256 as {@code f16 d, dmin; u8 scales[12]; u8 qs[128]}. Each 64-element group
 * {@code g} uses bytes {@code qs[32g..32g+32)}: low nibbles are sub-block {@code 2g}, high nibbles sub-block
 * {@code 2g+1}; value {@code d * scale * q - dmin * min} with the 6-bit scales and mins of
 * {@link QuantSupport#kScale}.
 */
final class Q4KFormat extends BlockFormat {

    private static final int BYTES = 144;
    private static final int SCALES = 4;
    private static final int QS = 16;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);
    /** Whether F has sixteen lanes: a block's mins and scales then share one conversion ({@link #scaleVectorKernel}). */
    private static final boolean SIXTEEN_LANES = F != null && F.length() == 16;
    /** Whether F has the eight or sixteen lanes {@link #scaleVectorKernel} needs. */
    private static final boolean SCALE_VECTORS = SIXTEEN_LANES || F != null && F.length() == 8;
    private static final VectorSpecies<Long> PAIR = LongVector.SPECIES_128;
    /** With sixteen lanes, the lanes of a block's mins in its coefficients (lanes 8..15 hold its scales). */
    private static final VectorMask<Float> MIN_LANES = SIXTEEN_LANES ? VectorMask.fromLong(F, 0xFFL) : null;
    /** With sixteen lanes, the scales of a block's coefficients into lanes 0..7. */
    private static final VectorShuffle<Float> SCALES_FIRST =
            SIXTEEN_LANES ? VectorShuffle.fromOp(F, i -> (i + 8) % 16) : null;
    /** Lane {@code i + 4} to lane {@code i}: a block's second half takes its scales from the first half's lanes. */
    private static final VectorShuffle<Float> NEXT_FOUR =
            SCALE_VECTORS ? VectorShuffle.fromOp(F, i -> (i + 4) % F.length()) : null;
    private static final VectorShuffle<Float> LANE_0 = everyLane(0);
    private static final VectorShuffle<Float> LANE_1 = everyLane(1);
    private static final VectorShuffle<Float> LANE_2 = everyLane(2);
    private static final VectorShuffle<Float> LANE_3 = everyLane(3);

    Q4KFormat() {
        super(GgmlType.Q4_K);
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
                dst[at + 64 * g + l] = d1 * (q & 0xF) - m1;
                dst[at + 64 * g + 32 + l] = d2 * (q >>> 4) - m2;
            }
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        int[] q = new int[256];
        ScaleFit.kScalesAndMins(src, at, 15, data, block, q);
        for (int g = 0; g < 4; g++) {
            for (int l = 0; l < 32; l++) {
                putU8(data, block + QS + 32 * g + l, q[64 * g + l] | q[64 * g + 32 + l] << 4);
            }
        }
    }

    /**
     * Lane {@code k} into every lane: a scale reaches its products by one permute, where extracting the lane
     * and broadcasting it took four instructions, three of them on the shuffle port.
     */
    private static VectorShuffle<Float> everyLane(int k) {
        return SCALE_VECTORS ? VectorShuffle.fromOp(F, i -> k) : null;
    }

    /**
     * The twelve scale bytes are unpacked with a few word operations into eight scale bytes and eight min
     * bytes (as ggml does), so the loop body has no branches. The mins' term {@code dmin * min * sum(x)} per
     * sub-block comes from the block sums of {@code x}, not from summing {@code x} again for every row. The
     * 64-element groups alternate between two accumulators so that no single FMA chain paces the loop.
     */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        return SCALE_VECTORS ? scaleVectorKernel(data, offset, x, xOff, xSums, n) : narrowKernel(data, offset, x, xOff, xSums, n);
    }

    /**
     * Converts a block's scales and mins as vectors: sixteen scalar int-to-float conversions cost two
     * micro-ops each on the two ports that also run every 512-bit operation, and the loop is bound by its
     * instruction count (a standalone single-thread copy of the mat-vec, against the scalar conversions:
     * 5.2-5.5 -> 5.8-7.0 GB/s from cache, 4.3-4.7 -> 5.3-5.6 from memory; at a forced 256-bit width
     * 4.2-4.5 -> 5.6-6.2 and 3.5-3.8 -> 5.1-5.4). With sixteen lanes the mins and scales share one
     * conversion: two took the kernel past C2's inlining node cutoff. The 16-byte header is read as two
     * words, one bounds check each. Every float vector stays in the species of F: 256-bit float vectors
     * among them made call sites shared with the rest of the engine see two vector classes, and C2 compiled
     * some of them as calls, with boxing. The conversions are written out, here and in {@link #groupSum},
     * not in helpers: a helper took the kernel past the node cutoff, and {@link #groupSum}, left out, was
     * boxed; the eight-lane branch repeats its conversion for the same reason.
     */
    private float scaleVectorKernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector minTerms = FloatVector.zero(F);
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            long head = data.get(LONG_LE, block);     // d, dmin, scale bytes 0..3
            long tail = data.get(LONG_LE, block + 8); // scale bytes 4..11
            long lo = head >>> 32 | tail << 32;
            int hi = (int) (tail >>> 32);
            float d = Float.float16ToFloat((short) head);
            float dmin = Float.float16ToFloat((short) (head >>> 16));
            FloatVector scales; // the block's eight scales times d in lanes 0..7
            if (SIXTEEN_LANES) {
                FloatVector coefs = ((IntVector) LongVector.broadcast(PAIR, kMins(lo, hi)).withLane(1, kScales(lo, hi))
                        .reinterpretAsBytes().convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0))
                        .convert(VectorOperators.I2F, 0).reinterpretAsFloats()
                        .mul(FloatVector.broadcast(F, d).blend(dmin, MIN_LANES));
                minTerms = coefs.fma(FloatVector.fromArray(F, xSums, 8 * b, MIN_LANES), minTerms);
                scales = coefs.rearrange(SCALES_FIRST);
            } else {
                scales = ((IntVector) LongVector.broadcast(PAIR, kScales(lo, hi)).reinterpretAsBytes()
                        .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)).convert(VectorOperators.I2F, 0)
                        .reinterpretAsFloats().mul(d);
                FloatVector mins = ((IntVector) LongVector.broadcast(PAIR, kMins(lo, hi)).reinterpretAsBytes()
                        .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)).convert(VectorOperators.I2F, 0)
                        .reinterpretAsFloats().mul(dmin);
                minTerms = mins.fma(FloatVector.fromArray(F, xSums, 8 * b), minTerms);
            }
            int xb = xOff + 256 * b;
            long qs = block + QS;
            for (int j = 0; j < 8; j += 4) {
                acc0 = groupSum(data, qs + 16 * j, x, xb + 32 * j, scales.rearrange(LANE_0), scales.rearrange(LANE_1), acc0);
                acc1 = groupSum(data, qs + 16 * j + 32, x, xb + 32 * j + 64, scales.rearrange(LANE_2),
                        scales.rearrange(LANE_3), acc1);
                scales = scales.rearrange(NEXT_FOUR);
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD) - minTerms.reduceLanes(VectorOperators.ADD);
    }

    /** As {@link #scaleVectorKernel} with the scales and mins converted one at a time, for F of fewer than eight lanes. */
    private float narrowKernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        float minTerms = 0f;
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block);
            float dmin = half(data, block + 2);
            long lo = data.get(LONG_LE, block + SCALES);
            int hi = data.get(INT_LE, block + SCALES + 8);
            long scales = kScales(lo, hi);
            long mins = kMins(lo, hi);
            int xb = xOff + 256 * b;
            long qs = block + QS;
            for (int j = 0; j < 8; j += 4) {
                acc0 = groupSum(data, qs + 16 * j, x, xb + 32 * j, FloatVector.broadcast(F, d * byteAt(scales, j)),
                        FloatVector.broadcast(F, d * byteAt(scales, j + 1)), acc0);
                acc1 = groupSum(data, qs + 16 * j + 32, x, xb + 32 * j + 64, FloatVector.broadcast(F, d * byteAt(scales, j + 2)),
                        FloatVector.broadcast(F, d * byteAt(scales, j + 3)), acc1);
            }
            int sb = 8 * b;
            float blockMins = 0f;
            for (int j = 0; j < 8; j++) {
                blockMins += byteAt(mins, j) * xSums[sb + j];
            }
            minTerms += dmin * blockMins;
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD) - minTerms;
    }

    /**
     * {@code acc} plus the lane-wise products of one 64-element group (32 bytes at {@code qs}; sub-blocks
     * with scales {@code s0} and {@code s1}, mins not applied) with {@code x[xg..xg+64)}. Nibbles are split
     * as int lanes: x86 has no byte shift.
     */
    private static FloatVector groupSum(MemorySegment data, long qs, float[] x, int xg, FloatVector s0, FloatVector s1,
            FloatVector acc) {
        int lanes = F.length();
        int step = B.length();
        FloatVector sum0 = FloatVector.zero(F);
        FloatVector sum1 = FloatVector.zero(F);
        for (int c = 0; c < 32; c += step) {
            ByteVector q = ByteVector.fromMemorySegment(B, data, qs + c, ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p * lanes < step; p++) {
                int xi = xg + c + p * lanes;
                IntVector w = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                FloatVector low = w.and(0xF).convert(VectorOperators.I2F, 0).reinterpretAsFloats();
                FloatVector high = w.lanewise(VectorOperators.LSHR, 4).convert(VectorOperators.I2F, 0).reinterpretAsFloats();
                sum0 = low.fma(FloatVector.fromArray(F, x, xi), sum0);
                sum1 = high.fma(FloatVector.fromArray(F, x, xi + 32), sum1);
            }
        }
        return sum1.fma(s1, sum0.fma(s0, acc));
    }

    private static FloatVector floats(IntVector q) {
        return (FloatVector) q.convert(VectorOperators.I2F, 0);
    }

    /** Decodes as {@link #decodeBlock} does, with the same float operations, so the result is identical. */
    @Override
    void decodeKernel(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        int lanes = F.length();
        int step = B.length();
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block);
            float dmin = half(data, block + 2);
            long lo = data.get(LONG_LE, block + SCALES);
            int hi = data.get(INT_LE, block + SCALES + 8);
            for (int g = 0; g < 4; g++) {
                FloatVector d1 = FloatVector.broadcast(F, d * kScale(lo, hi, 2 * g));
                FloatVector m1 = FloatVector.broadcast(F, dmin * kMin(lo, hi, 2 * g));
                FloatVector d2 = FloatVector.broadcast(F, d * kScale(lo, hi, 2 * g + 1));
                FloatVector m2 = FloatVector.broadcast(F, dmin * kMin(lo, hi, 2 * g + 1));
                for (int c = 0; c < 32; c += step) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, block + QS + 32 * g + c, ByteOrder.LITTLE_ENDIAN);
                    for (int p = 0; p * lanes < step; p++) {
                        int e = dstOff + 256 * b + 64 * g + c + p * lanes;
                        IntVector w = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                        floats(w.and(0xF)).mul(d1).sub(m1).intoArray(dst, e);
                        floats(w.lanewise(VectorOperators.LSHR, 4)).mul(d2).sub(m2).intoArray(dst, e + 32);
                    }
                }
            }
        }
    }
}
