package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;
import static dev.cairn.tensor.quant.QuantSupport.half;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** F16: little-endian IEEE half precision, any length. */
final class F16Format extends SixteenBitFloatFormat {

    private static final VectorSpecies<Float> F = Kernels.species();
    private static final VectorSpecies<Short> S = shortLanes(F);
    private static final VectorSpecies<Integer> I = intLanes(F);

    F16Format() {
        super(GgmlType.F16);
    }

    @Override
    float toFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    @Override
    short fromFloat(float value) {
        return Float.floatToFloat16(value);
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
                acc = toFloats(h, p).fma(FloatVector.fromArray(F, x, xOff + i + p * lanes), acc);
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += half(data, offset + 2L * i) * x[xOff + i];
        }
        return sum;
    }

    /**
     * Widens half-precision bits with integer ops, as the Vector API has no half-to-float conversion:
     * exponent and mantissa shifted into float position are off by a factor 2^112 for finite values
     * (subnormals included), while infinities and NaNs only need the float exponent set.
     */
    private static FloatVector toFloats(ShortVector h, int part) {
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, part);
        IntVector magnitude = bits.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        IntVector value = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                .blend(shifted.or(0x7F800000), magnitude.compare(VectorOperators.GE, 0x7C00));
        return value.or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

}
