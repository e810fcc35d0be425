package dev.cairn.tensor.quant;

import static dev.cairn.tensor.quant.QuantSupport.SHORT_LE;

import java.lang.foreign.MemorySegment;

/**
 * Base of the two 16-bit float formats (F16, BF16): one element per little-endian short, any length. The
 * scalar reference paths are written once here over the element conversions each subclass defines.
 */
abstract class SixteenBitFloatFormat extends VectorFormat {

    SixteenBitFloatFormat(GgmlType type) {
        super(type);
    }

    /** The float that the 16 bits {@code bits} stand for. */
    abstract float toFloat(short bits);

    /** The 16 bits that store {@code value}, rounded to nearest. */
    abstract short fromFloat(float value);

    @Override
    public final void dequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = toFloat(data.get(SHORT_LE, offset + 2L * i));
        }
    }

    @Override
    public final float scalarDot(MemorySegment data, long offset, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += toFloat(data.get(SHORT_LE, offset + 2L * i)) * x[xOff + i];
        }
        return sum;
    }

    @Override
    public final void quantize(float[] src, int srcOff, MemorySegment data, long offset, int n) {
        for (int i = 0; i < n; i++) {
            data.set(SHORT_LE, offset + 2L * i, fromFloat(src[srcOff + i]));
        }
    }
}
