package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.clamp;
import static dev.cairn.tensor.quant.QuantSupport.INT_LE;
import static dev.cairn.tensor.quant.QuantSupport.LONG_LE;
import static dev.cairn.tensor.quant.QuantSupport.byteAt;
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
 * Q3_K: super-blocks of 256 as {@code u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}. The low two bits of
 * element {@code 128h + 32j + l} are bits {@code 2j..2j+1} of {@code qs[32h + l]}; its third bit is bit
 * {@code 4h + j} of {@code hmask[l]}, and a clear bit means subtract 4. Sub-block {@code s} (16 elements)
 * has the signed 6-bit scale {@link #scale}; value {@code d * scale * q}.
 */
final class Q3KFormat extends BlockFormat {

    private static final int BYTES = 110;
    private static final int QS = 32;
    private static final int SCALES = 96;
    private static final int D = 108;
    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Byte> B = byteLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    Q3KFormat() {
        super(GgmlType.Q3_K);
    }

    /**
     * Scale {@code s} (0..15) minus its bias of 32: the low 4 bits are the low nibble of byte {@code s}
     * (s < 8) or the high nibble of byte {@code s - 8}; the top 2 bits are bits {@code 2(s/4)..} of byte
     * {@code 8 + s % 4}. This is what ggml's kmask1/kmask2 shuffle of the 12 bytes computes.
     */
    private static int scale(MemorySegment data, long block, int s) {
        long scales = block + SCALES;
        int low = s < 8 ? u8(data, scales + s) & 0xF : u8(data, scales + s - 8) >>> 4;
        int high = (u8(data, scales + 8 + (s & 3)) >>> (2 * (s >>> 2))) & 3;
        return (low | high << 4) - 32;
    }

    /**
     * The eight scales of half {@code h} (scales {@code 8h..8h+7}) plus their bias of 32, a byte each, from
     * the twelve scale bytes as {@code low4} (bytes 0..7) and {@code high2} (bytes 8..11): {@link #scale}
     * for a whole half in a few word operations, so the kernel's loop reads no scale bytes.
     */
    private static long biasedScales(long low4, int high2, int h) {
        long nibbles = (low4 >>> 4 * h) & 0x0F0F0F0F0F0F0F0FL;
        long tops = (high2 >>> 4 * h) & 0x03030303L | ((long) (high2 >>> 4 * h + 2) & 0x03030303L) << 32;
        return nibbles | tops << 4;
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block + D);
        for (int h = 0; h < 2; h++) {
            for (int j = 0; j < 4; j++) {
                for (int s = 0; s < 2; s++) {
                    float dl = d * scale(data, block, 8 * h + 2 * j + s);
                    for (int l = 16 * s; l < 16 * s + 16; l++) {
                        int low = (u8(data, block + QS + 32 * h + l) >>> (2 * j)) & 3;
                        int high = (u8(data, block + l) >>> (4 * h + j)) & 1;
                        dst[at + 128 * h + 32 * j + l] = dl * (low - (high != 0 ? 0 : 4));
                    }
                }
            }
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float[] scales = new float[16];
        for (int s = 0; s < 16; s++) {
            scales[s] = ScaleFit.symmetric(src, at + 16 * s, 16, 4);
        }
        float maxScale = QuantSupport.signedMax(scales, 0, 16);
        float iscale = maxScale != 0 ? -32 / maxScale : 0f;
        for (int i = 0; i < 12; i++) {
            putU8(data, block + SCALES + i, 0);
        }
        for (int s = 0; s < 16; s++) {
            int l = clamp(nearestInt(iscale * scales[s]), -32, 31) + 32;
            long low = block + SCALES + (s & 7);
            putU8(data, low, u8(data, low) | (l & 0xF) << (s < 8 ? 0 : 4));
            long high = block + SCALES + 8 + (s & 3);
            putU8(data, high, u8(data, high) | (l >>> 4) << (2 * (s >>> 2)));
        }
        putHalf(data, block + D, iscale != 0 ? 1 / iscale : 0f);
        float d = half(data, block + D);
        for (int i = 0; i < QS + 64; i++) {
            putU8(data, block + i, 0);
        }
        for (int s = 0; s < 16; s++) {
            float dl = d * scale(data, block, s);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                int q = dl != 0 ? clamp(nearestInt(src[at + i] / dl), -4, 3) + 4 : 4;
                int h = i / 128;
                int j = i % 128 / 32;
                int l = i % 32;
                long qs = block + QS + 32 * h + l;
                putU8(data, qs, u8(data, qs) | (q & 3) << (2 * j));
                putU8(data, block + l, u8(data, block + l) | (q >>> 2) << (4 * h + j));
            }
        }
    }

    /** A byte chunk never straddles a 16-element sub-block, so each chunk has a single scale. */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        int lanes = F.length();
        int step = B.length();
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = n / 256; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            float d = half(data, block + D);
            long low4 = data.get(LONG_LE, block + SCALES);
            int high2 = data.get(INT_LE, block + SCALES + 8);
            for (int h = 0; h < 2; h++) {
                long scales = biasedScales(low4, high2, h);
                for (int c = 0; c < 32; c += step) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, block + QS + 32 * h + c, ByteOrder.LITTLE_ENDIAN);
                    ByteVector hm = ByteVector.fromMemorySegment(B, data, block + c, ByteOrder.LITTLE_ENDIAN);
                    for (int p = 0; p * lanes < step; p++) {
                        int l = c + p * lanes;
                        IntVector low = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                        IntVector high = ((IntVector) hm.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p))
                                .lanewise(VectorOperators.LSHR, 4 * h);
                        for (int j = 0; j < 4; j++) {
                            IntVector v = low.lanewise(VectorOperators.LSHR, 2 * j).and(3)
                                    .or(high.lanewise(VectorOperators.LSHR, j).and(1).lanewise(VectorOperators.LSHL, 2)).sub(4);
                            FloatVector xv = FloatVector.fromArray(F, x, xOff + 256 * b + 128 * h + 32 * j + l);
                            float dl = d * (byteAt(scales, 2 * j + l / 16) - 32);
                            acc = ((FloatVector) v.convert(VectorOperators.I2F, 0)).mul(xv).fma(FloatVector.broadcast(F, dl), acc);
                        }
                    }
                }
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
