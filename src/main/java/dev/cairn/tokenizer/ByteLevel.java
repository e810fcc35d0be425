package dev.cairn.tokenizer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte-to-character mapping: byte-level BPE vocabularies spell every byte as a printable
 * character, the printable Latin-1 bytes as themselves and the rest as U+0100 onwards, so that merges work
 * on text and no token contains a raw space or control byte.
 */
final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE;
            BYTE_TO_CHAR[b] = (char) (printable ? b : next++);
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteLevel() {
    }

    static char toChar(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte-level spelling of some bytes. */
    static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = toChar(bytes[i]);
        }
        return new String(chars);
    }

    /**
     * The bytes a token's byte-level spelling stands for. A character outside the mapping (only a malformed
     * vocabulary has one) is passed through as its own UTF-8.
     */
    static byte[] decode(String piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length());
        piece.codePoints().forEach(cp -> {
            int b = cp < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[cp] : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }
}
