package dev.cairn.tensor;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;

import dev.cairn.tensor.quant.Kernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float primitives for activations: attention over the KV cache (whose F16 rows lie off the heap in native
 * byte order and are widened into a float row first). The species is a static final constant so the JIT compiles these to SIMD code wherever they
 * are inlined.
 */
public final class VectorMath {

    private static final VectorSpecies<Float> F = Kernels.species();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorMath() {
    }

    /** {@code sum(a[aOff+i] * b[bOff+i])} for {@code i < n}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float sum = 0f;
        if (F != null) {
            FloatVector acc = FloatVector.zero(F);
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    private static final VectorSpecies<Short> S = F == null ? null
            : ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(Math.max(64, 16 * F.length())));
    private static final VectorSpecies<Integer> I = F == null ? null : F.withLanes(int.class);

    /**
     * {@code dst[i]} = the half float at byte {@code from + 2i} of a native segment, for {@code i < n}. The
     * Vector API has no half-float conversion, so the bits are widened with integer operations: exponent and
     * mantissa moved into float position are off by exactly 2^112 for finite values (subnormals included);
     * infinities and NaNs only need the float exponent set.
     */
    public static void widenHalves(MemorySegment src, long from, float[] dst, int n) {
        markFaultable(src, from);
        int i = 0;
        if (F != null && S.length() == F.length()) {
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                IntVector bits = (IntVector) ShortVector.fromMemorySegment(S, src, from + 2L * i, NATIVE)
                        .convertShape(VectorOperators.S2I, I, 0);
                IntVector magnitude = bits.and(0x7FFF);
                IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
                IntVector value = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                        .blend(shifted.or(0x7F800000), magnitude.compare(VectorOperators.GE, 0x7C00));
                value.or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats().intoArray(dst, i);
            }
        }
        for (; i < n; i++) {
            dst[i] = Float.float16ToFloat(src.get(ValueLayout.JAVA_SHORT, from + 2L * i));
        }
    }

    /**
     * {@code gate[i] = silu(gate[i]) * up[i]} for {@code i < n}, the SwiGLU activation. The vectors use the
     * Vector API's float exponential (an intrinsic here); the tail, and the scalar kernels, {@code Math.exp}
     * in double. Scalar {@code Math.exp} per element was 4% of a 128-token prompt's samples, on one thread.
     */
    public static void swiGlu(float[] gate, float[] up, int n) {
        int i = 0;
        if (F != null) {
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                FloatVector g = FloatVector.fromArray(F, gate, i);
                FloatVector sigmoidDenominator = g.neg().lanewise(VectorOperators.EXP).add(1f);
                g.div(sigmoidDenominator).mul(FloatVector.fromArray(F, up, i)).intoArray(gate, i);
            }
        }
        for (; i < n; i++) {
            float g = gate[i];
            gate[i] = (float) (g / (1.0 + Math.exp(-g))) * up[i];
        }
    }

    /** {@code x[off+i] *= factor} for {@code i < n}. */
    public static void scale(float[] x, int off, int n, float factor) {
        int i = 0;
        if (F != null) {
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                FloatVector.fromArray(F, x, off + i).mul(factor).intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            x[off + i] *= factor;
        }
    }

    /** {@code y[yOff+i] += alpha * x[xOff+i]} for {@code i < n}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        if (F != null) {
            FloatVector a = FloatVector.broadcast(F, alpha);
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + i).fma(a, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }
}
