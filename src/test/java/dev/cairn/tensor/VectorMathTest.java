package dev.cairn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorMathTest {

    private static float[] random(int n, SplittableRandom r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void widenHalvesIsExactForEveryHalfValue() {
        MemorySegment all = Arena.ofAuto().allocate(2L * (65536 + 3), 2);
        for (int i = 0; i < 65536 + 3; i++) {
            all.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) i);
        }
        float[] out = new float[65536];
        VectorMath.widenHalves(all, 2L * 3, out, 65536);
        for (int i = 0; i < 65536; i++) {
            float expected = Float.float16ToFloat((short) (i + 3));
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[i]), "half bits " + (i + 3));
        }
    }

    @Test
    void dotAndAxpyMatchScalarArithmeticIncludingTails() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 7, 16, 31, 64, 100, 257}) {
            float[] a = random(n + 5, r);
            float[] b = random(n + 3, r);
            double expected = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                expected += (double) a[5 + i] * b[3 + i];
                magnitude += Math.abs((double) a[5 + i] * b[3 + i]);
            }
            assertEquals(expected, VectorMath.dot(a, 5, b, 3, n), 1e-5 * magnitude + 1e-6, "dot n=" + n);

            float[] y = random(n + 2, r);
            float[] before = y.clone();
            VectorMath.axpy(0.5f, a, 5, y, 2, n);
            for (int i = 0; i < n + 2; i++) {
                float want = i < 2 ? before[i] : before[i] + 0.5f * a[5 + i - 2];
                assertEquals(want, y[i], 1e-6f * Math.max(1f, Math.abs(want)), "axpy n=" + n + " i=" + i);
            }
        }
    }
}
