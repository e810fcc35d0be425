package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.putHalf;
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
 * Q4_0: blocks of 32 as {@code f16 d; u8 qs[16]}; element {@code j < 16} is the low nibble of {@code qs[j]},
 * element {@code j + 16} its high nibble; value {@code (q - 8) * d}.
 */
final class Q4_0Format extends BlockFormat {

    private static final int BYTES = 18;
    private static final VectorSpecies<Float> F = speciesOf(MethodHandles.lookup());
    private static final VectorSpecies<Byte> B = byteLanes(F);

    Q4_0Format() {
        super(GgmlType.Q4_0, MethodHandles.lookup());
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        for (int j = 0; j < 16; j++) {
            int q = u8(data, block + 2 + j);
            dst[at + j] = ((q & 0xF) - 8) * d;
            dst[at + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        float d = QuantSupport.signedMax(src, at, 32) / -8;
        float id = d != 0 ? 1 / d : 0f;
        putHalf(data, block, d);
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (src[at + j] * id + 8.5f));
            int hi = Math.min(15, (int) (src[at + j + 16] * id + 8.5f));
            putU8(data, block + 2 + j, lo | hi << 4);
        }
    }

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, int n) {
        int lanes = F.length();
        int step = B.length();
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            int xb = xOff + 32 * b;
            FloatVector sum = FloatVector.zero(F);
            for (int c = 0; c < 16; c += step) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, block + 2 + c, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0xF).sub((byte) 8);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
                for (int p = 0; p * lanes < step; p++) {
                    int xi = xb + c + p * lanes;
                    sum = floats(lo, p).fma(FloatVector.fromArray(F, x, xi), sum);
                    sum = floats(hi, p).fma(FloatVector.fromArray(F, x, xi + 16), sum);
                }
            }
            acc = sum.fma(FloatVector.broadcast(F, half(data, block)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector floats(ByteVector q, int part) {
        return (FloatVector) q.convertShape(VectorOperators.B2F, F, part);
    }
}
