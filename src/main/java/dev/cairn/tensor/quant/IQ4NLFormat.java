package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;
import static dev.cairn.tensor.quant.QuantSupport.IQ4_LEVELS;
import static dev.cairn.tensor.quant.QuantSupport.half;
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
 * IQ4_NL: blocks of 32 as {@code f16 d; u8 qs[16]}, nibbles placed as in Q4_0; value
 * {@code d * IQ4_LEVELS[q]}.
 */
final class IQ4NLFormat extends BlockFormat {

    private static final int BYTES = 18;
    private static final VectorSpecies<Float> F = Kernels.species();

    IQ4NLFormat() {
        super(GgmlType.IQ4_NL);
    }

    @Override
    void decodeBlock(MemorySegment data, long block, float[] dst, int at) {
        float d = half(data, block);
        for (int j = 0; j < 16; j++) {
            int q = u8(data, block + 2 + j);
            dst[at + j] = d * IQ4_LEVELS[q & 0xF];
            dst[at + j + 16] = d * IQ4_LEVELS[q >>> 4];
        }
    }

    @Override
    void encodeBlock(float[] src, int at, MemorySegment data, long block) {
        putHalf(data, block, ScaleFit.iq4(src, at, 32));
        float d = half(data, block);
        float id = d != 0 ? 1 / d : 0f;
        for (int j = 0; j < 16; j++) {
            putU8(data, block + 2 + j, nearestIq4(src[at + j] * id) | nearestIq4(src[at + j + 16] * id) << 4);
        }
    }

    /** The 16 levels fit one 128-bit byte vector, so the nibbles are looked up with a single shuffle. */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        markFaultable(data, offset);
        int lanes = F.length();
        ByteVector levels = ByteVector.fromArray(ByteVector.SPECIES_128, IQ4_LEVELS, 0);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = n / 32; b < blocks; b++) {
            long block = offset + (long) b * BYTES;
            int xb = xOff + 32 * b;
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, block + 2, ByteOrder.LITTLE_ENDIAN);
            ByteVector lo = q.and((byte) 0xF).selectFrom(levels);
            ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).selectFrom(levels);
            FloatVector sum = FloatVector.zero(F);
            for (int p = 0; p * lanes < 16; p++) {
                int xi = xb + p * lanes;
                sum = floats(lo, p).fma(FloatVector.fromArray(F, x, xi), sum);
                sum = floats(hi, p).fma(FloatVector.fromArray(F, x, xi + 16), sum);
            }
            acc = sum.fma(FloatVector.broadcast(F, half(data, block)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector floats(ByteVector q, int part) {
        return (FloatVector) q.convertShape(VectorOperators.B2F, F, part);
    }
}
