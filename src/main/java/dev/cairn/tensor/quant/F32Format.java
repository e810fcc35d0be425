package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;
import static dev.cairn.tensor.quant.QuantSupport.FLOAT_LE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** F32: little-endian IEEE single precision, any length. */
final class F32Format extends VectorFormat {

    private static final VectorSpecies<Float> F = Kernels.species();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    F32Format() {
        super(GgmlType.F32);
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        MemorySegment.copy(data, FLOAT_LE, offset, dst, dstOff, n);
    }

    @Override
    public float scalarDot(MemorySegment data, long offset, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += data.get(FLOAT_LE, offset + 4L * i) * x[xOff + i];
        }
        return sum;
    }

    @Override
    public void quantize(float[] src, int srcOff, MemorySegment data, long offset, int n) {
        MemorySegment.copy(src, srcOff, data, FLOAT_LE, offset, n);
    }

    /** Four accumulators, because nothing else here hides the latency of a chain of FMAs. */
    @Override
    float kernel(MemorySegment data, long offset, float[] x, int xOff, float[] xSums, int n) {
        markFaultable(data, offset);
        int lanes = F.length();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int i = 0;
        for (; i + 4 * lanes <= n; i += 4 * lanes) {
            long at = offset + 4L * i;
            int xi = xOff + i;
            a0 = FloatVector.fromMemorySegment(F, data, at, LE).fma(FloatVector.fromArray(F, x, xi), a0);
            a1 = FloatVector.fromMemorySegment(F, data, at + 4L * lanes, LE).fma(FloatVector.fromArray(F, x, xi + lanes), a1);
            a2 = FloatVector.fromMemorySegment(F, data, at + 8L * lanes, LE).fma(FloatVector.fromArray(F, x, xi + 2 * lanes), a2);
            a3 = FloatVector.fromMemorySegment(F, data, at + 12L * lanes, LE).fma(FloatVector.fromArray(F, x, xi + 3 * lanes), a3);
        }
        for (; i + lanes <= n; i += lanes) {
            a0 = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE).fma(FloatVector.fromArray(F, x, xOff + i), a0);
        }
        float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += data.get(FLOAT_LE, offset + 4L * i) * x[xOff + i];
        }
        return sum;
    }
}
