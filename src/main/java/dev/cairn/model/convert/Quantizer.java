package dev.cairn.model.convert;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.gguf.GgufWriter;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormat;
import dev.cairn.tensor.quant.QuantFormats;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Re-encodes a model's weight matrices in another type or mix, as llama.cpp's quantize does: 2-D
 * tensors take the mix's type for their role, 1-D tensors (norms, biases) stay F32, and a matrix whose
 * rows do not divide into the type's blocks falls back to Q8_0, else F16. Rows are decoded from whatever
 * type the source has, so a quantized file can be re-quantized (with the source's error included).
 */
public final class Quantizer {

    private static final Pattern LAYER_TENSOR = Pattern.compile("blk\\.(\\d+)\\.(.+)");

    private final QuantMix mix;

    public Quantizer(QuantMix mix) {
        this.mix = mix;
    }

    public void quantize(GgufFile source, Path out) throws IOException {
        GgufMetadata meta = source.metadata();
        String arch = meta.findString(GgufKeys.GENERAL_ARCHITECTURE).orElse("");
        int layers = meta.getInt(GgufKeys.blockCount(arch), 1);
        GgufWriter writer = new GgufWriter().metadata(meta.toBuilder()
                .putUint32(GgufKeys.GENERAL_FILE_TYPE, mix.fileType())
                .putUint32(GgufKeys.GENERAL_QUANTIZATION_VERSION, 2)
                .build());
        for (GgufTensorInfo info : source.tensors()) {
            if (info.dims().length != 2) {
                writer.tensor(info.name(), GgmlType.F32, info.dims(), MemorySegment.ofArray(decodeAll(source, info)));
                continue;
            }
            GgmlType type = fit(typeFor(info.name(), layers), info.rowLength());
            writer.tensor(info.name(), type, info.dims(), (firstRow, target) -> reencode(source, info, type, firstRow, target));
        }
        writer.write(out);
    }

    /** The mix's type for a tensor, found from its name the way {@link QuantMix#typeFor} expects. */
    GgmlType typeFor(String name, int layers) {
        Matcher m = LAYER_TENSOR.matcher(name);
        if (m.matches()) {
            return mix.typeFor("blk.%d." + m.group(2), Integer.parseInt(m.group(1)), layers);
        }
        return mix.typeFor(name, 0, layers);
    }

    private static GgmlType fit(GgmlType wanted, long rowLength) {
        for (GgmlType t : new GgmlType[] {wanted, GgmlType.Q8_0, GgmlType.F16}) {
            if (rowLength % t.blockSize() == 0) {
                return t;
            }
        }
        return GgmlType.F32;
    }

    private static float[] decodeAll(GgufFile source, GgufTensorInfo info) {
        int n = Math.toIntExact(info.elementCount());
        return new Tensor(info.name(), info.type(), source.tensorData(info), 1, n).toFloats();
    }

    /** Re-encodes the rows from {@code firstRow} that fit {@code target}. */
    private static void reencode(GgufFile source, GgufTensorInfo info, GgmlType type, long firstRow,
            MemorySegment target) {
        int rows = Math.toIntExact(info.rows());
        int cols = Math.toIntExact(info.rowLength());
        Tensor from = new Tensor(info.name(), info.type(), source.tensorData(info), rows, cols);
        QuantFormat to = QuantFormats.of(type);
        long rowBytes = type.bytesFor(cols);
        int first = Math.toIntExact(firstRow);
        IntStream.range(0, Math.toIntExact(target.byteSize() / rowBytes)).parallel().forEach(r -> {
            float[] row = new float[cols];
            from.dequantizeRow(first + r, row, 0);
            to.quantize(row, 0, target, r * rowBytes, cols);
        });
    }
}
