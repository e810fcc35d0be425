package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.IQ4_LEVELS;
import static dev.cairn.tensor.quant.QuantSupport.clamp;
import static dev.cairn.tensor.quant.QuantSupport.half;
import static dev.cairn.tensor.quant.QuantSupport.kMin;
import static dev.cairn.tensor.quant.QuantSupport.kScale;
import static dev.cairn.tensor.quant.QuantSupport.nearestInt;
import static dev.cairn.tensor.quant.QuantSupport.nearestIq4;
import static dev.cairn.tensor.quant.QuantSupport.putHalf;
import static dev.cairn.tensor.quant.QuantSupport.putKScales;
import static dev.cairn.tensor.quant.QuantSupport.signedMax;

import java.lang.foreign.MemorySegment;

/**
 * Scale searches for the quantizers: a handful of candidate scales around the obvious one, each refitted
 * by least squares, keeping the one with the smallest squared error. Simpler than ggml's searches (no
 * importance weights) but the same idea.
 */
final class ScaleFit {

    private static final float EPS = 1e-15f;

    private ScaleFit() {
    }

    /**
     * Scale {@code s} for {@code x ≈ s * q} with integer {@code q} in {@code [-nmax, nmax-1]}. The sign of
     * {@code s} is chosen so that the largest-magnitude value lands on {@code -nmax}, the side with the extra
     * level. Returns 0 for an all-zero group.
     */
    static float symmetric(float[] x, int off, int len, int nmax) {
        float max = signedMax(x, off, len);
        if (Math.abs(max) < EPS) {
            return 0f;
        }
        double bestScore = -1;
        float best = -max / nmax;
        for (int t = -9; t <= 9; t++) {
            float iscale = -(nmax + 0.1f * t) / max;
            double sxl = 0;
            double sll = 0;
            for (int i = off; i < off + len; i++) {
                int l = clamp(nearestInt(iscale * x[i]), -nmax, nmax - 1);
                sxl += (double) x[i] * l;
                sll += (double) l * l;
            }
            if (sll > 0 && sxl * sxl / sll > bestScore) {
                bestScore = sxl * sxl / sll;
                best = (float) (sxl / sll);
            }
        }
        return best;
    }

    /**
     * Fits {@code x ≈ scale * q - min} with integer {@code q} in {@code [0, nmax]} and {@code min >= 0};
     * writes {@code result[0] = scale} and {@code result[1] = min}.
     */
    static void affine(float[] x, int off, int len, int nmax, float[] result) {
        float lo = x[off];
        float hi = x[off];
        for (int i = off + 1; i < off + len; i++) {
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        lo = Math.min(lo, 0f);
        result[0] = (hi - lo) / nmax;
        result[1] = -lo;
        if (hi - lo < EPS) {
            result[0] = 0f;
            return;
        }
        double bestErr = Double.MAX_VALUE;
        for (int t = 0; t <= 20; t++) {
            float iscale = (nmax - 1 + 0.1f * t) / (hi - lo);
            double sl = 0;
            double sll = 0;
            double sx = 0;
            double sxl = 0;
            double sxx = 0;
            for (int i = off; i < off + len; i++) {
                int l = clamp(nearestInt(iscale * (x[i] - lo)), 0, nmax);
                sl += l;
                sll += (double) l * l;
                sx += x[i];
                sxl += (double) x[i] * l;
                sxx += (double) x[i] * x[i];
            }
            double det = len * sll - sl * sl;
            if (det <= 0) {
                continue;
            }
            double scale = (len * sxl - sx * sl) / det;
            double offset = (sll * sx - sl * sxl) / det;
            if (offset > 0) {
                offset = 0;
                scale = sxl / sll;
            }
            double err = scale * scale * sll + len * offset * offset + sxx
                    + 2 * scale * offset * sl - 2 * scale * sxl - 2 * offset * sx;
            if (err < bestErr) {
                bestErr = err;
                result[0] = (float) scale;
                result[1] = (float) -offset;
            }
        }
    }

    /** Scale {@code d} for {@code x ≈ d * IQ4_LEVELS[k]}; 0 for an all-zero group. */
    static float iq4(float[] x, int off, int len) {
        float max = signedMax(x, off, len);
        if (Math.abs(max) < EPS) {
            return 0f;
        }
        double bestScore = -1;
        float best = max / IQ4_LEVELS[0];
        for (int t = -7; t <= 7; t++) {
            float id = (IQ4_LEVELS[0] + t) / max;
            double sxv = 0;
            double svv = 0;
            for (int i = off; i < off + len; i++) {
                int v = IQ4_LEVELS[nearestIq4(id * x[i])];
                sxv += (double) x[i] * v;
                svv += (double) v * v;
            }
            if (sxv * sxv / svv > bestScore) {
                bestScore = sxv * sxv / svv;
                best = (float) (sxv / svv);
            }
        }
        return best;
    }

    /**
     * For Q4_K and Q5_K, whose headers ({@code d, dmin, scales[12]}) are identical: fits eight 32-element
     * sub-blocks of {@code src[at..at+256)} to {@code [0, nmax]}, writes {@code d},
     * {@code dmin} and the packed 6-bit scales and mins at {@code block}, and returns the quants in {@code q},
     * computed against the stored (rounded) scales.
     */
    static void kScalesAndMins(float[] src, int at, int nmax, MemorySegment data, long block, int[] q) {
        float[] scales = new float[8];
        float[] mins = new float[8];
        float[] fit = new float[2];
        float maxScale = 0f;
        float maxMin = 0f;
        for (int s = 0; s < 8; s++) {
            affine(src, at + 32 * s, 32, nmax, fit);
            scales[s] = fit[0];
            mins[s] = fit[1];
            maxScale = Math.max(maxScale, fit[0]);
            maxMin = Math.max(maxMin, fit[1]);
        }
        int[] ls = new int[8];
        int[] lm = new int[8];
        for (int s = 0; s < 8; s++) {
            ls[s] = maxScale > 0 ? clamp(nearestInt(63 / maxScale * scales[s]), 0, 63) : 0;
            lm[s] = maxMin > 0 ? clamp(nearestInt(63 / maxMin * mins[s]), 0, 63) : 0;
        }
        putHalf(data, block, maxScale / 63);
        putHalf(data, block + 2, maxMin / 63);
        putKScales(data, block + 4, ls, lm);
        float d = half(data, block);
        float dmin = half(data, block + 2);
        for (int s = 0; s < 8; s++) {
            float dl = d * kScale(data, block + 4, s);
            float ml = dmin * kMin(data, block + 4, s);
            for (int i = 32 * s; i < 32 * s + 32; i++) {
                q[i] = dl != 0 ? clamp(nearestInt((src[at + i] + ml) / dl), 0, nmax) : 0;
            }
        }
    }
}
