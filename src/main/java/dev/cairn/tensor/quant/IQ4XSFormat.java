package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.IQ4_LEVELS;
import static dev.cairn.tensor.quant.QuantSupport.SHORT_LE;
import static dev.cairn.tensor.quant.QuantSupport.clamp;
import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.nearestInt;
import static dev.cairn.tensor.quant.QuantSupport.nearestIq4;
import static dev.cairn.tensor.quant.QuantSupport.putHalf;
import static dev.cairn.tensor.quant.QuantSupport.putU8;
import static dev.cairn.tensor.quant.QuantSupport.u8;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * IQ4_XS: super-blocks of 256 as {@code f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]}: eight 32-element
 * sub-blocks, each laid out like an IQ4_NL block in {@code qs[16s..16s+16)}, with scale
 * {@code d * (ls - 32)} where the 6-bit {@code ls} is nibble {@code s % 2} of {@code scales_l[s / 2]} below
 * bits {@code 2s..2s+1} of {@code scales_h}.
 */
final class IQ4XSFormat extends BlockFormat {

    private static final int BYTES = 136;
    private static final int SCALES_H = 2;
    private static final int SCALES_L = 4;
    private static final int QS = 8;
    private static final VectorSpecies<Float> F = Kernels.species();

    IQ4XSFormat() {
        super(GgmlType.IQ4_XS);
    }

    private static int scale(MemorySegment data, long block, int s) {
        int low = (u8(data, block + SCALES_L + s / 2) >>> (4 * (s % 2))) & 0xF;
        int high = (data.get(SHORT_LE, block + SCALES_H) >>> (2 * s)) & 3;
        return (low | high << 4) - 32;
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        for (int s = 0; s < 8; s++) {
            float dl = d * scale(data, block, s);
            for (int j = 0; j < 16; j++) {
                int q = u8(data, block + QS + 16 * s + j);
                dst[at + 32 * s + j] = dl * IQ4_LEVELS[q & 0xF];
                dst[at + 32 * s + j + 16] = dl * IQ4_LEVELS[q >>> 4];
            }
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float[] scales = new float[8];
        for (int s = 0; s < 8; s++) {
            scales[s] = ScaleFit.iq4(src, at + 32 * s, 32);
        }
        float maxScale = QuantSupport.signedMax(scales, 0, 8);
        putHalf(data, block, -maxScale / 32);
        float d = half(data, block);
        float id = d != 0 ? 1 / d : 0f;
        int scalesHigh = 0;
        putU8(data, block + SCALES_L, 0);
        putU8(data, block + SCALES_L + 1, 0);
        putU8(data, block + SCALES_L + 2, 0);
        putU8(data, block + SCALES_L + 3, 0);
        for (int s = 0; s < 8; s++) {
            int l = clamp(nearestInt(id * scales[s]), -32, 31);
            int ls = l + 32;
            long low = block + SCALES_L + s / 2;
            putU8(data, low, u8(data, low) | (ls & 0xF) << (4 * (s % 2)));
            scalesHigh |= (ls >>> 4) << (2 * s);
            float dl = d * l;
            float idl = dl != 0 ? 1 / dl : 0f;
            for (int j = 0; j < 16; j++) {
                int i = at + 32 * s + j;
                putU8(data, block + QS + 16 * s + j, nearestIq4(src[i] * idl) | nearestIq4(src[i + 16] * idl) << 4);
            }
        }
        data.set(SHORT_LE, block + SCALES_H, (short) scalesHigh);
    }

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        int lanes = F.length();
        ByteVector levels = ByteVector.fromArray(ByteVector.SPECIES_128, IQ4_LEVELS, 0);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block);
            for (int s = 0; s < 8; s++) {
                int xb = xOff + 256 * b + 32 * s;
                ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, block + QS + 16 * s, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF).selectFrom(levels);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).selectFrom(levels);
                FloatVector sum = FloatVector.zero(F);
                for (int p = 0; p * lanes < 16; p++) {
                    int xi = xb + p * lanes;
                    sum = floats(lo, p).fma(FloatVector.fromArray(F, x, xi), sum);
                    sum = floats(hi, p).fma(FloatVector.fromArray(F, x, xi + 16), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, d * scale(data, block, s)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector floats(ByteVector q, int part) {
        return (FloatVector) q.convertShape(VectorOperators.B2F, F, part);
    }
}
