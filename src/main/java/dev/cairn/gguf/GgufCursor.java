package dev.cairn.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A little-endian read position in a GGUF file. Every read first checks that the bytes are there, and
 * every length or count is checked against the bytes that remain before anything is allocated for it, so
 * a hostile file ends in a {@link GgufFormatException} instead of an exception from the segment or an
 * out-of-memory error.
 */
final class GgufCursor {

    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Java arrays cannot be longer than this on common JVMs. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final MemorySegment segment;
    private final String file;
    /** The file's size: what counts and lengths are checked against. */
    private final long size;
    /** Bytes of the file at hand: {@code size}, or fewer when only a prefix has arrived (a download). */
    private final long available;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long position;

    GgufCursor(MemorySegment segment, String file) {
        this(segment, file, segment.byteSize());
    }

    /** A cursor over the first {@code segment.byteSize()} bytes of a file of {@code size} bytes. */
    GgufCursor(MemorySegment segment, String file, long size) {
        this.segment = segment;
        this.file = file;
        this.size = size;
        this.available = Math.min(size, segment.byteSize());
    }

    String file() {
        return file;
    }

    long position() {
        return position;
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - position;
    }

    GgufFormatException error(long offset, String problem) {
        return new GgufFormatException(file, offset, problem);
    }

    byte readByte(String what) throws GgufFormatException {
        return segment.get(ValueLayout.JAVA_BYTE, claim(1, what));
    }

    short readShort(String what) throws GgufFormatException {
        return segment.get(I16, claim(2, what));
    }

    int readInt(String what) throws GgufFormatException {
        return segment.get(I32, claim(4, what));
    }

    long readLong(String what) throws GgufFormatException {
        return segment.get(I64, claim(8, what));
    }

    float readFloat(String what) throws GgufFormatException {
        return segment.get(F32, claim(4, what));
    }

    double readDouble(String what) throws GgufFormatException {
        return segment.get(F64, claim(8, what));
    }

    /**
     * Reads a u64 count of items that each take at least {@code minItemBytes} in the file, rejecting counts
     * that the rest of the file cannot hold.
     */
    long readCount(String what, int minItemBytes) throws GgufFormatException {
        long at = position;
        long count = readLong(what);
        long room = remaining() / minItemBytes;
        if (count < 0 || count > room) {
            throw error(at, what + " " + Long.toUnsignedString(count) + " is more than the " + remaining()
                    + " remaining bytes can hold (the file is truncated or corrupt)");
        }
        return count;
    }

    /** Like {@link #readCount} but also small enough to be the length of a Java array. */
    int readLength(String what, int minItemBytes) throws GgufFormatException {
        long at = position;
        long count = readCount(what, minItemBytes);
        if (count > MAX_ARRAY_LENGTH) {
            throw error(at, what + " " + count + " is larger than the supported maximum " + MAX_ARRAY_LENGTH);
        }
        return (int) count;
    }

    /** Reads a GGUF string: u64 byte length and that many bytes of strict UTF-8. */
    String readString(String what) throws GgufFormatException {
        int length = readLength(what + " length", 1);
        if (length == 0) {
            return "";
        }
        long start = claim(length, what);
        ByteBuffer in = segment.asSlice(start, length).asByteBuffer();
        CharBuffer out = CharBuffer.allocate(length);
        utf8.reset();
        CoderResult result = utf8.decode(in, out, true);
        if (result.isError()) {
            throw error(start + in.position(), "invalid UTF-8 in " + what);
        }
        utf8.flush(out);
        return out.flip().toString();
    }

    /**
     * Bulk-copies {@code length} little-endian elements into {@code array}, a primitive array matching
     * {@code layout}, and returns it.
     */
    <A> A readArray(ValueLayout layout, A array, int length, String what) throws GgufFormatException {
        long at = claim(length * layout.byteSize(), what);
        MemorySegment.copy(segment, layout, at, array, 0, length);
        return array;
    }

    /** Position of {@code bytes} bytes that are certain to be in the file; advances past them. */
    private long claim(long bytes, String what) throws GgufFormatException {
        if (bytes > remaining()) {
            throw error(position, "the file is truncated: it ends while reading " + what + " (" + bytes + " bytes needed, "
                    + remaining() + " left)");
        }
        if (bytes > available - position) {
            throw new PrefixTooShort();
        }
        long at = position;
        position += bytes;
        return at;
    }

    /** The header goes on past the prefix at hand: not an error in the file, only too few bytes yet. */
    static final class PrefixTooShort extends RuntimeException {
        PrefixTooShort() {
            super(null, null, false, false);
        }
    }

    /** Shortens attacker-sized names for messages. */
    static String quote(String s) {
        return "'" + (s.length() <= 80 ? s : s.substring(0, 77) + "...") + "'";
    }
}
