package dev.cairn.tensor;

import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormat;
import dev.cairn.tensor.quant.QuantFormats;
import java.lang.foreign.MemorySegment;

/**
 * A 2-D weight matrix of {@code rows} rows of {@code cols} elements, stored in its GGML format and
 * computed on in place. A 1-D tensor is one row. Immutable: the bytes belong to the model file.
 */
public final class Tensor {

    private final String name;
    private final GgmlType type;
    private final QuantFormat format;
    private final MemorySegment data;
    private final int rows;
    private final int cols;
    private final long rowBytes;

    public Tensor(String name, GgmlType type, MemorySegment data, int rows, int cols) {
        this.name = name;
        this.type = type;
        this.format = QuantFormats.of(type);
        this.rows = rows;
        this.cols = cols;
        this.rowBytes = type.bytesFor(cols);
        if (data.byteSize() < rowBytes * rows) {
            throw new IllegalArgumentException(name + ": " + data.byteSize() + " bytes hold fewer than "
                    + rows + " rows of " + rowBytes + " bytes");
        }
        this.data = data;
    }

    public String name() {
        return name;
    }

    public GgmlType type() {
        return type;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public MemorySegment data() {
        return data;
    }

    public long byteSize() {
        return rowBytes * rows;
    }

    /**
     * Dot product of row {@code row} with {@code x[xOff..xOff+cols)}, given {@code xSums}, the
     * {@link QuantFormat#blockSums} of that input (computed once for all rows of a mat-vec).
     */
    public float dot(int row, float[] x, int xOff, float[] xSums) {
        return format.dot(data, row * rowBytes, x, xOff, xSums, cols);
    }

    /** Rows {@link #dotSpaced} takes at once ({@link QuantFormat#rowsAtOnce}). */
    public int rowsAtOnce() {
        return format.rowsAtOnce();
    }

    /**
     * {@code out[row + k * rowStride]}: the {@link #dot}s of rows {@code row + k * rowStride} for every
     * {@code k < rowsAtOnce()}, in one pass (see {@link QuantFormat#dotSpaced}).
     */
    public void dotSpaced(int row, int rowStride, float[] x, int xOff, float[] xSums, float[] out) {
        format.dotSpaced(data, row * rowBytes, rowStride * rowBytes, x, xOff, xSums, cols, out, row, rowStride);
    }

    /** Decodes row {@code row} into {@code dst[dstOff..dstOff+cols)}. */
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        format.dequantize(data, row * rowBytes, dst, dstOff, cols);
    }

    /**
     * As {@link #dequantizeRow}, through the vector decode unless the Vector API is disabled. Only for hot
     * loops such as the GEMM panels: until C2 compiles it, Vector API code runs with its vectors as heap
     * objects, so an occasional caller (one embedding row per token) would allocate.
     */
    public void decodeRow(int row, float[] dst, int dstOff) {
        decodeRow(row, 0, cols, dst, dstOff);
    }

    /** Columns {@code [from, from + count)} of a row as {@link #decodeRow} decodes them; both whole blocks. */
    public void decodeRow(int row, int from, int count, float[] dst, int dstOff) {
        if (from % type.blockSize() != 0 || from + count > cols) {
            throw new IllegalArgumentException("columns " + from + "+" + count + " of " + cols + " in blocks of "
                    + type.blockSize());
        }
        format.decode(data, row * rowBytes + type.bytesFor(from), dst, dstOff, count);
    }

    /** All elements as floats, for small tensors such as norm weights and biases. */
    public float[] toFloats() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            dequantizeRow(r, out, r * cols);
        }
        return out;
    }
}
