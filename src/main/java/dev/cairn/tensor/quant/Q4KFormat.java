package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.kMin;
import static dev.cairn.tensor.quant.QuantSupport.kScale;
import static dev.cairn.tensor.quant.QuantSupport.putU8;
import static dev.cairn.tensor.quant.QuantSupport.u8;

import dev.cairn.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
    private static final VectorSpecies<Float> F = speciesOf(MethodHandles.lookup());
    private static final VectorSpecies<Byte> B = byteLanes(F);

    Q4KFormat() {
        super(GgmlType.Q4_K, MethodHandles.lookup());
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

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, int n) {
        int lanes = F.length();
        int step = B.length();
        FloatVector acc = FloatVector.zero(F);
        FloatVector accMin = FloatVector.zero(F);
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block);
            float dmin = half(data, block + 2);
            for (int g = 0; g < 4; g++) {
                int xg = xOff + 256 * b + 64 * g;
                FloatVector sum0 = FloatVector.zero(F);
                FloatVector sum1 = FloatVector.zero(F);
                FloatVector sumX0 = FloatVector.zero(F);
                FloatVector sumX1 = FloatVector.zero(F);
                for (int c = 0; c < 32; c += step) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, block + QS + 32 * g + c, ByteOrder.LITTLE_ENDIAN);
                    ByteVector lo = q.and((byte) 0xF);
                    ByteVector hi = q.lanewise(VectorOperators.LSHR, 4);
                    for (int p = 0; p * lanes < step; p++) {
                        int xi = xg + c + p * lanes;
                        FloatVector x0 = FloatVector.fromArray(F, x, xi);
                        FloatVector x1 = FloatVector.fromArray(F, x, xi + 32);
                        sum0 = floats(lo, p).fma(x0, sum0);
                        sum1 = floats(hi, p).fma(x1, sum1);
                        sumX0 = sumX0.add(x0);
                        sumX1 = sumX1.add(x1);
                    }
                }
                acc = sum0.fma(FloatVector.broadcast(F, d * kScale(data, block + SCALES, 2 * g)), acc);
                acc = sum1.fma(FloatVector.broadcast(F, d * kScale(data, block + SCALES, 2 * g + 1)), acc);
                accMin = sumX0.fma(FloatVector.broadcast(F, dmin * kMin(data, block + SCALES, 2 * g)), accMin);
                accMin = sumX1.fma(FloatVector.broadcast(F, dmin * kMin(data, block + SCALES, 2 * g + 1)), accMin);
            }
        }
        return acc.sub(accMin).reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector floats(ByteVector q, int part) {
        return (FloatVector) q.convertShape(VectorOperators.B2F, F, part);
    }
}
