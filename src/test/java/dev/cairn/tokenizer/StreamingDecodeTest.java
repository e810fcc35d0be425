package dev.cairn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Token by token decoding through {@link Utf8Accumulator} when characters span several tokens. */
class StreamingDecodeTest {

    private static final String TEXT = "Grüße 🦙 and 😶‍🌫️, 我想在apple工作 ～";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt-2", "llama-bpe", "llama-spm"})
    void charactersSplitAcrossTokensComeOutWholeAndByteExact(String vocab) {
        Tokenizer t = VocabFixtures.tokenizer(vocab);
        Utf8Accumulator utf8 = new Utf8Accumulator();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean someTokenSplitsACharacter = false;
        for (int id : t.encode(TEXT, false)) {
            byte[] piece = t.decode(id);
            someTokenSplitsACharacter |= !isWholeUtf8(piece);
            byte[] emitted = utf8.accept(piece);
            assertTrue(isWholeUtf8(emitted), "only whole characters are emitted");
            out.writeBytes(emitted);
        }
        out.writeBytes(utf8.flush());
        assertTrue(someTokenSplitsACharacter, "the text should exercise a character split over tokens");
        String prefix = t.vocabulary().addSpacePrefix() ? " " : "";
        assertArrayEquals((prefix + TEXT).getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }

    private static boolean isWholeUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
