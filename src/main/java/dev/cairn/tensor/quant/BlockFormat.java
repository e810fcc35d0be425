package dev.cairn.tensor.quant;

import java.lang.foreign.MemorySegment;

/** A format of fixed-size blocks; the scalar paths are written once here in terms of one block. */
abstract class BlockFormat extends VectorFormat {

    /** One decoded block, so the scalar dot product allocates nothing per call. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[256]);

    BlockFormat(GgmlType type) {
        super(type);
    }

    BlockFormat(GgmlType type, int rowsAtOnce) {
        super(type, rowsAtOnce);
    }

    /** Decodes the block at byte {@code block} into {@code dst[at..at+blockSize)}, exactly as ggml does. */
    abstract void decodeBlock(MemorySegment data, long block, float[] dst, int at);

    /** Encodes {@code src[at..at+blockSize)} into the block at byte {@code block}. */
    abstract void encodeBlock(float[] src, int at, MemorySegment data, long block);

    @Override
    public final void dequantize(MemorySegment data, long offset, float[] dst, int dstOff, int n) {
        int size = type().blockSize();
        int bytes = type().typeSize();
        for (int b = 0, blocks = blocks(n); b < blocks; b++) {
            decodeBlock(data, offset + (long) b * bytes, dst, dstOff + b * size);
        }
    }

    @Override
    public final float scalarDot(MemorySegment data, long offset, float[] x, int xOff, int n) {
        int size = type().blockSize();
        int bytes = type().typeSize();
        float[] w = SCRATCH.get();
        float sum = 0f;
        for (int b = 0, blocks = blocks(n); b < blocks; b++) {
            decodeBlock(data, offset + (long) b * bytes, w, 0);
            int xb = xOff + b * size;
            for (int i = 0; i < size; i++) {
                sum += w[i] * x[xb + i];
            }
        }
        return sum;
    }

    @Override
    public final void quantize(float[] src, int srcOff, MemorySegment data, long offset, int n) {
        int size = type().blockSize();
        int bytes = type().typeSize();
        for (int b = 0, blocks = blocks(n); b < blocks; b++) {
            encodeBlock(src, srcOff + b * size, data, offset + (long) b * bytes);
        }
    }
}
