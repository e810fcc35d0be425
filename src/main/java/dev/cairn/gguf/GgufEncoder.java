package dev.cairn.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds a GGUF header in memory, little-endian, the exact inverse of {@link GgufCursor}'s reads. */
final class GgufEncoder {

    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

    int size() {
        return buffer.position();
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    void u32(int value) {
        room(4).putInt(value);
    }

    void u64(long value) {
        room(8).putLong(value);
    }

    /** Length and UTF-8 bytes; a string with unpaired surrogates is refused rather than silently altered. */
    void string(String s) {
        ByteBuffer bytes;
        try {
            bytes = utf8.reset().encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not valid Unicode: " + GgufCursor.quote(s), e);
        }
        u64(bytes.remaining());
        room(bytes.remaining()).put(bytes);
    }

    /** A value without its type tag, as metadata values and array elements are stored. */
    void value(GgufValueType type, Object value) {
        switch (type) {
            case UINT8, INT8 -> room(1).put((Byte) value);
            case UINT16, INT16 -> room(2).putShort((Short) value);
            case UINT32, INT32 -> u32((Integer) value);
            case UINT64, INT64 -> u64((Long) value);
            case FLOAT32 -> room(4).putFloat((Float) value);
            case FLOAT64 -> room(8).putDouble((Double) value);
            case BOOL -> room(1).put((byte) ((Boolean) value ? 1 : 0));
            case STRING -> string((String) value);
            case ARRAY -> array((GgufArray) value);
        }
    }

    private void array(GgufArray array) {
        u32(array.elementType().id());
        u64(array.length());
        for (int i = 0; i < array.length(); i++) {
            value(array.elementType(), array.get(i));
        }
    }

    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            long needed = (long) buffer.position() + bytes;
            long capacity = Math.max(needed, 2L * buffer.capacity());
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("GGUF header larger than 2 GB");
            }
            ByteBuffer grown = ByteBuffer.allocate((int) Math.min(capacity, Integer.MAX_VALUE - 8))
                    .order(ByteOrder.LITTLE_ENDIAN);
            grown.put(buffer.flip());
            buffer = grown;
        }
        return buffer;
    }
}
