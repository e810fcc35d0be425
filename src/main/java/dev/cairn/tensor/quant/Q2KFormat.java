package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.clamp;
import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.nearestInt;
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
 * Q2_K: super-blocks of 256 as {@code u8 scales[16]; u8 qs[64]; f16 d, dmin}. Each 128-element half uses
 * 32 bytes of {@code qs}: element {@code 32j + l} of the half is bits {@code 2j..2j+1} of byte {@code l}.
 * Sub-block {@code s} (16 elements) has scale {@code d * (scales[s] & 15)} and min
 * {@code dmin * (scales[s] >> 4)}; value {@code scale * q - min}.
 */
final class Q2KFormat extends BlockFormat {

    private static final int BYTES = 84;
    private static final int QS = 16;
    private static final int D = 80;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q2KFormat() {
        super(GgmlType.Q2_K);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block + D);
        float dmin = half(data, block + D + 2);
        for (int h = 0; h < 2; h++) {
            for (int j = 0; j < 4; j++) {
                for (int s = 0; s < 2; s++) {
                    int sc = u8(data, block + 8 * h + 2 * j + s);
                    float dl = d * (sc & 0xF);
                    float ml = dmin * (sc >>> 4);
                    for (int l = 16 * s; l < 16 * s + 16; l++) {
                        int q = (u8(data, block + QS + 32 * h + l) >>> (2 * j)) & 3;
                        dst[at + 128 * h + 32 * j + l] = dl * q - ml;
                    }
                }
            }
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float[] scales = new float[16];
        float[] mins = new float[16];
        float[] fit = new float[2];
        float maxScale = 0f;
        float maxMin = 0f;
        for (int s = 0; s < 16; s++) {
            ScaleFit.affine(src, at + 16 * s, 16, 3, fit);
            scales[s] = fit[0];
            mins[s] = fit[1];
            maxScale = Math.max(maxScale, fit[0]);
            maxMin = Math.max(maxMin, fit[1]);
        }
        putHalf(data, block + D, maxScale / 15);
        putHalf(data, block + D + 2, maxMin / 15);
        float d = half(data, block + D);
        float dmin = half(data, block + D + 2);
        int[] q = new int[256];
        for (int s = 0; s < 16; s++) {
            int ls = maxScale > 0 ? clamp(nearestInt(15 / maxScale * scales[s]), 0, 15) : 0;
            int lm = maxMin > 0 ? clamp(nearestInt(15 / maxMin * mins[s]), 0, 15) : 0;
            putU8(data, block + s, ls | lm << 4);
            float dl = d * ls;
            float ml = dmin * lm;
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                q[i] = dl != 0 ? clamp(nearestInt((src[at + i] + ml) / dl), 0, 3) : 0;
            }
        }
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int e = 128 * h + l;
                putU8(data, block + QS + 32 * h + l, q[e] | q[e + 32] << 2 | q[e + 64] << 4 | q[e + 96] << 6);
            }
        }
    }

    /** A byte chunk never straddles a 16-element sub-block, so each chunk has a single scale and min. */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        int lanes = F.length();
        int step = B.length();
        FloatVector acc = FloatVector.zero(F);
        FloatVector accMin = FloatVector.zero(F);
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block + D);
            float dmin = half(data, block + D + 2);
            for (int h = 0; h < 2; h++) {
                for (int c = 0; c < 32; c += step) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, block + QS + 32 * h + c, ByteOrder.LITTLE_ENDIAN);
                    for (int p = 0; p * lanes < step; p++) {
                        int l = c + p * lanes;
                        IntVector w = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                        for (int j = 0; j < 4; j++) {
                            IntVector v = w.lanewise(VectorOperators.LSHR, 2 * j).and(3);
                            FloatVector xv = FloatVector.fromArray(F, x, xOff + 256 * b + 128 * h + 32 * j + l);
                            int sc = u8(data, block + 8 * h + 2 * j + l / 16);
                            acc = ((FloatVector) v.convert(VectorOperators.I2F, 0)).mul(xv)
                                    .fma(FloatVector.broadcast(F, d * (sc & 0xF)), acc);
                            accMin = xv.fma(FloatVector.broadcast(F, dmin * (sc >>> 4)), accMin);
                        }
                    }
                }
            }
        }
        return acc.sub(accMin).reduceLanes(VectorOperators.ADD);
    }
}
