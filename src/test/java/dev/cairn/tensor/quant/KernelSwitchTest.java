package dev.cairn.tensor.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dcairn.vector=false} must route every dot product through the scalar reference, and
 * {@code -Dcairn.vector.bits} must choose the width. The build runs this class once per vector width and
 * once in the scalar-kernels execution with the switch off.
 */
class KernelSwitchTest {

    private static final boolean VECTOR_ON = Boolean.parseBoolean(System.getProperty("cairn.vector", "true"));

    @Test
    void theSwitchSelectsTheKernel() {
        if (VECTOR_ON) {
            assertNotNull(Kernels.species());
            String bits = System.getProperty("cairn.vector.bits");
            int expected = bits == null ? FloatVector.SPECIES_PREFERRED.vectorBitSize() : Integer.parseInt(bits);
            assertEquals(expected, Kernels.species().vectorBitSize());
            assertEquals("Vector API " + expected + "-bit", Kernels.describe());
        } else {
            assertNull(Kernels.species());
            assertEquals("scalar (Vector API disabled)", Kernels.describe());
        }
    }

    @Test
    void dotIsTheChosenKernel() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 512;
        float[] w = new float[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) random.nextGaussian();
            x[i] = (float) random.nextGaussian();
        }
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.IQ4_XS}) {
            QuantFormat format = QuantFormats.of(type);
            MemorySegment data = MemorySegment.ofArray(new byte[(int) type.bytesFor(n)]);
            format.quantize(w, 0, data, 0, n);
            float expected = VECTOR_ON
                    ? format.vectorDot(data, 0, x, 0, n)
                    : format.scalarDot(data, 0, x, 0, n);
            // Scalar code is deterministic; the vector kernel's lane sum may be ordered differently by the
            // interpreter and the JIT intrinsic, so it gets a few ulps.
            float tolerance = VECTOR_ON ? 4 * Math.ulp(Math.abs(expected)) + 1e-6f : 0f;
            assertEquals(expected, format.dot(data, 0, x, 0, n), tolerance, type.name());
        }
    }
}
