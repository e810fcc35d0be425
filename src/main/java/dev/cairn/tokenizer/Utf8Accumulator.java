package dev.cairn.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects token bytes and hands out only complete UTF-8 characters, so a character whose bytes arrive
 * in two tokens is emitted once, whole. Bytes are passed on unchanged (invalid ones included) so the
 * output stays byte-exact; only the cut points are chosen.
 */
public final class Utf8Accumulator {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds {@code bytes} and returns the bytes that now end on a character boundary (possibly none). */
    public byte[] accept(byte[] bytes) {
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        int complete = completePrefixLength(all);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        return complete == all.length ? all : Arrays.copyOf(all, complete);
    }

    /** Like {@link #accept} but decoded, for text displays. */
    public String acceptText(byte[] bytes) {
        return new String(accept(bytes), StandardCharsets.UTF_8);
    }

    /** Whatever is still held (an unfinished character at the end of a generation). */
    public byte[] flush() {
        byte[] rest = pending.toByteArray();
        pending.reset();
        return rest;
    }

    /** Length of the longest prefix that does not end inside a possibly valid multi-byte sequence. */
    static int completePrefixLength(byte[] b) {
        int n = b.length;
        // A UTF-8 sequence is at most 4 bytes: look back at most 3 bytes for an unfinished lead byte.
        for (int back = 1; back <= Math.min(3, n); back++) {
            int lead = b[n - back] & 0xFF;
            if ((lead & 0xC0) == 0x80) {
                continue;
            }
            int need = lead < 0xC2 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead <= 0xF4 ? 4 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
