package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;
import static dev.cairn.tensor.quant.QuantSupport.SHORT_LE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** BF16: the upper 16 bits of an IEEE single, little-endian, any length. */
final class BF16Format extends SixteenBitFloatFormat {

    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Short> S = shortLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    BF16Format() {
        super(GgmlType.BF16);
    }

    /** Round to nearest even like ggml, but keep NaNs NaN (rounding could carry them into infinity). */
    static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 64);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    @Override
    float toFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    @Override
    short fromFloat(float value) {
        return toBf16(value);
    }

    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        markFaultable(data, offset);
        int lanes = F.length();
        int step = S.length();
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + step <= n; i += step) {
            ShortVector h = ShortVector.fromMemorySegment(S, data, offset + 2L * i, ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p * lanes < step; p++) {
                IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, p);
                FloatVector w = bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                acc = w.fma(FloatVector.fromArray(F, x, xOff + i + p * lanes), acc);
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += toFloat(data.get(SHORT_LE, offset + 2L * i)) * x[xOff + i];
        }
        return sum;
    }
}
