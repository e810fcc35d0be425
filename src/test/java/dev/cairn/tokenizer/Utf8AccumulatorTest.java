package dev.cairn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8AccumulatorTest {

    @Test
    void holdsBackAnUnfinishedCharacterUntilItsLastByte() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // 3 bytes
        Utf8Accumulator acc = new Utf8Accumulator();
        assertEquals("a", acc.acceptText(new byte[] {'a', euro[0]}));
        assertEquals("", acc.acceptText(new byte[] {euro[1]}));
        assertEquals("€b", acc.acceptText(new byte[] {euro[2], 'b'}));
    }

    @Test
    void everySplitOfMixedTextReassemblesByteExactly() {
        byte[] text = "Grüße, 世界! 🙂 ok".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= text.length; cut++) {
            Utf8Accumulator acc = new Utf8Accumulator();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] first = java.util.Arrays.copyOfRange(text, 0, cut);
            byte[] second = java.util.Arrays.copyOfRange(text, cut, text.length);
            byte[] emitted = acc.accept(first);
            assertEquals(emitted.length, new String(emitted, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8).length,
                    "only whole characters are emitted at cut " + cut);
            out.writeBytes(emitted);
            out.writeBytes(acc.accept(second));
            out.writeBytes(acc.flush());
            assertArrayEquals(text, out.toByteArray());
        }
    }

    @Test
    void invalidBytesPassThroughUnchanged() {
        Utf8Accumulator acc = new Utf8Accumulator();
        byte[] invalid = {(byte) 0xF8, 'a', (byte) 0x80, 'b'};
        assertArrayEquals(invalid, acc.accept(invalid));
        assertArrayEquals(new byte[0], acc.flush());
    }
}
