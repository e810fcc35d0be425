package dev.cairn.gguf;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.OptionalLong;

/** Parses and validates everything before the data section: magic, version, counts, metadata, tensor infos. */
final class GgufHeaderReader {

    /** "GGUF" read as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    static final int DEFAULT_ALIGNMENT = 32;
    /** Upper bound for general.alignment; keeps alignment arithmetic far from overflow. */
    static final int MAX_ALIGNMENT = 1 << 30;

    record Header(int version, int alignment, GgufMetadata metadata, List<GgufTensorInfo> tensors, long dataOffset) {
    }

    private GgufHeaderReader() {
    }

    static Header read(MemorySegment segment, String file) throws GgufFormatException {
        return read(new GgufCursor(segment, file));
    }

    /**
     * Reads the header of a file of {@code fileSize} bytes of which {@code prefix} holds the start.
     *
     * @throws GgufCursor.PrefixTooShort when the header goes on past the prefix
     */
    static Header readPrefix(MemorySegment prefix, long fileSize, String file) throws GgufFormatException {
        return read(new GgufCursor(prefix, file, fileSize));
    }

    private static Header read(GgufCursor cursor) throws GgufFormatException {
        readMagic(cursor);
        int version = readVersion(cursor);
        long tensorCount = cursor.readCount("tensor count", GgufTensorInfoReader.MIN_INFO_BYTES);
        long kvCount = cursor.readCount("metadata key/value count", GgufMetadataReader.MIN_ENTRY_BYTES);
        // Each count fits on its own; together they must too. Both products are at most the file size.
        if (tensorCount * GgufTensorInfoReader.MIN_INFO_BYTES + kvCount * GgufMetadataReader.MIN_ENTRY_BYTES
                > cursor.remaining()) {
            throw cursor.error(8, "tensor count " + tensorCount + " and metadata key/value count " + kvCount
                    + " are more than the " + cursor.remaining() + " remaining bytes can hold (the file is truncated or corrupt)");
        }
        GgufMetadataReader metadataReader = new GgufMetadataReader(cursor);
        GgufMetadata metadata = metadataReader.read(kvCount);
        int alignment = alignment(metadata, metadataReader, cursor);
        GgufTensorInfoReader tensorReader = new GgufTensorInfoReader(cursor, alignment);
        List<GgufTensorInfo> tensors = tensorReader.read(tensorCount);
        long dataOffset = alignUp(cursor.position(), alignment);
        tensorReader.checkDataSection(dataOffset);
        return new Header(version, alignment, metadata, tensors, dataOffset);
    }

    static long alignUp(long position, int alignment) {
        return position + (-position & (alignment - 1));
    }

    static boolean isValidAlignment(long alignment) {
        return alignment >= 1 && alignment <= MAX_ALIGNMENT && Long.bitCount(alignment) == 1;
    }

    private static void readMagic(GgufCursor cursor) throws GgufFormatException {
        int magic = cursor.readInt("magic");
        if (magic != MAGIC) {
            throw cursor.error(0, "not a GGUF file: magic is 0x%08x, expected 0x%08x (\"GGUF\")"
                    .formatted(Integer.reverseBytes(magic), Integer.reverseBytes(MAGIC)));
        }
    }

    private static int readVersion(GgufCursor cursor) throws GgufFormatException {
        int version = cursor.readInt("version");
        return switch (version) {
            case 2, 3 -> version;
            case 1 -> throw cursor.error(4, "GGUF version 1 is not supported (it predates 64-bit counts);"
                    + " convert the file with a current llama.cpp");
            default -> throw cursor.error(4, "unsupported GGUF version " + Integer.toUnsignedString(version)
                    + (Integer.reverseBytes(version) == 3 ? " (a big-endian file?)" : "") + ", expected 2 or 3");
        };
    }

    private static int alignment(GgufMetadata metadata, GgufMetadataReader reader, GgufCursor cursor)
            throws GgufFormatException {
        GgufValueType type = metadata.type(GgufKeys.GENERAL_ALIGNMENT).orElse(null);
        if (type == null) {
            return DEFAULT_ALIGNMENT;
        }
        Object value = metadata.get(GgufKeys.GENERAL_ALIGNMENT).orElseThrow();
        OptionalLong alignment = type.integerValue(value);
        if (alignment.isEmpty() || !isValidAlignment(alignment.getAsLong())) {
            throw cursor.error(reader.valueOffset(GgufKeys.GENERAL_ALIGNMENT), GgufKeys.GENERAL_ALIGNMENT + " is "
                    + type + " " + type.format(value) + ", expected a power of two from 1 to " + MAX_ALIGNMENT);
        }
        return (int) alignment.getAsLong();
    }
}
