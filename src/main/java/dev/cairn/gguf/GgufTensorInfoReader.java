package dev.cairn.gguf;

import dev.cairn.tensor.quant.GgmlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and validates the tensor-info section of a GGUF header. */
final class GgufTensorInfoReader {

    /** Smallest possible tensor info: empty name (8), n_dims (4), one dimension (8), type (4), offset (8). */
    static final int MIN_INFO_BYTES = 8 + 4 + 8 + 4 + 8;

    private final GgufCursor cursor;
    private final int alignment;
    private final List<GgufTensorInfo> tensors = new ArrayList<>();
    /** File position of each tensor's offset field, to point at it once the data section is known. */
    private final List<Long> offsetFields = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    GgufTensorInfoReader(GgufCursor cursor, int alignment) {
        this.cursor = cursor;
        this.alignment = alignment;
    }

    List<GgufTensorInfo> read(long count) throws GgufFormatException {
        for (long i = 0; i < count; i++) {
            readOne();
        }
        return List.copyOf(tensors);
    }

    /** Checks that every tensor lies inside the data section, which starts at {@code dataOffset}. */
    void checkDataSection(long dataOffset) throws GgufFormatException {
        long dataSize = Math.max(0, cursor.size() - dataOffset);
        for (int i = 0; i < tensors.size(); i++) {
            GgufTensorInfo t = tensors.get(i);
            if (t.offset() > dataSize || t.byteSize() > dataSize - t.offset()) {
                throw cursor.error(offsetFields.get(i), "tensor " + GgufCursor.quote(t.name())
                        + " needs " + t.byteSize() + " bytes at data offset " + t.offset() + " but the data section at byte "
                        + dataOffset + " holds only " + dataSize + " bytes (the file is truncated, or this offset is wrong)");
            }
        }
    }

    private void readOne() throws GgufFormatException {
        long start = cursor.position();
        String name = cursor.readString("tensor name");
        if (!names.add(name)) {
            throw cursor.error(start, "duplicate tensor name " + GgufCursor.quote(name));
        }
        String context = "tensor " + GgufCursor.quote(name);
        long shapeAt = cursor.position();
        long[] dims = readDims(context);
        long typeAt = cursor.position();
        int typeId = cursor.readInt(context + " type");
        GgmlType type = GgmlType.byId(Integer.toUnsignedLong(typeId)).orElseThrow(() -> cursor.error(typeAt,
                context + " has tensor type id " + Integer.toUnsignedString(typeId) + ", which is unknown or not"
                        + " supported by Cairn"));
        long byteSize;
        try {
            byteSize = GgufTensorInfo.byteSizeOf(type, dims);
        } catch (IllegalArgumentException e) {
            throw cursor.error(shapeAt, context + ": " + e.getMessage());
        }
        long offsetAt = cursor.position();
        long offset = cursor.readLong(context + " data offset");
        if (offset < 0) {
            throw cursor.error(offsetAt, context + " data offset " + Long.toUnsignedString(offset)
                    + " is past the end of the file");
        }
        if (offset % alignment != 0) {
            throw cursor.error(offsetAt, context + " data offset " + offset + " is not a multiple of the alignment "
                    + alignment);
        }
        tensors.add(new GgufTensorInfo(name, dims, type, offset, byteSize));
        offsetFields.add(offsetAt);
    }

    private long[] readDims(String context) throws GgufFormatException {
        long countAt = cursor.position();
        int count = cursor.readInt(context + " dimension count");
        if (count < 1 || count > GgufTensorInfo.MAX_DIMS) {
            throw cursor.error(countAt, context + " has " + Integer.toUnsignedString(count)
                    + " dimensions, expected 1 to " + GgufTensorInfo.MAX_DIMS);
        }
        long[] dims = new long[count];
        for (int i = 0; i < count; i++) {
            long at = cursor.position();
            dims[i] = cursor.readLong(context + " dimension " + i);
            if (dims[i] < 1) {
                throw cursor.error(at, context + " dimension " + i + " is " + Long.toUnsignedString(dims[i])
                        + ", must be between 1 and " + Long.MAX_VALUE);
            }
        }
        return dims;
    }
}
