package dev.cairn.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Special token ids, end of generation, BOS defaults and how control tokens decode, on the fixture vocabularies. */
class SpecialTokensTest {

    @Test
    void llama3FindsItsTurnEndByText() {
        Vocabulary v = VocabFixtures.tokenizer("llama-bpe").vocabulary();
        SpecialTokens s = v.special();
        assertEquals(128000, s.bos());
        assertEquals(128001, s.eos());
        assertEquals(128009, s.eot(), "<|eot_id|> is not in the metadata; llama.cpp finds it by its text");
        assertEquals(-1, s.unknown());
        assertTrue(v.addBos(), "the llama-bpe pre-tokenizer adds BOS when the file does not say");
        Tokenizer t = VocabFixtures.tokenizer("llama-bpe");
        assertTrue(t.isEndOfGeneration(128001));
        assertTrue(t.isEndOfGeneration(128009));
        assertFalse(t.isEndOfGeneration(128006), "<|start_header_id|> does not end a turn");
        assertFalse(t.isEndOfGeneration(9906));
    }

    @Test
    void qwen2EndsAtImEndAndAddsNoBos() {
        Tokenizer t = VocabFixtures.tokenizer("qwen2");
        SpecialTokens s = t.vocabulary().special();
        assertEquals(151643, s.eos());
        assertEquals(151643, s.padding());
        assertTrue(t.isEndOfGeneration(151643));
        assertTrue(t.isEndOfGeneration(151645), "<|im_end|>");
        assertFalse(t.isEndOfGeneration(151644), "<|im_start|>");
        assertFalse(t.vocabulary().addBos());
    }

    @Test
    void phi3EndsAtEndAndEndOfText() {
        Tokenizer t = VocabFixtures.tokenizer("phi-3");
        SpecialTokens s = t.vocabulary().special();
        assertEquals(1, s.bos());
        assertEquals(32000, s.eos());
        assertEquals(0, s.unknown());
        assertEquals(32000, s.padding());
        assertTrue(t.isEndOfGeneration(32000));
        assertTrue(t.isEndOfGeneration(32007), "<|end|>");
        assertFalse(t.isEndOfGeneration(32010), "<|user|>");
        assertTrue(t.vocabulary().addBos());
    }

    @Test
    void gpt2UsesEndOfTextForBoth() {
        Tokenizer t = VocabFixtures.tokenizer("gpt-2");
        assertEquals(50256, t.vocabulary().bos());
        assertEquals(50256, t.vocabulary().eos());
        assertFalse(t.vocabulary().addBos());
        assertArrayEquals(new int[] {50256, 15496, 995}, t.encode("Hello world", true));
    }

    @Test
    void controlTokensDecodeToNothingUnlessRendered() {
        Tokenizer t = VocabFixtures.tokenizer("llama-bpe");
        assertArrayEquals(new byte[0], t.decode(128009));
        assertEquals("<|eot_id|>", new String(t.decode(128009, true), StandardCharsets.UTF_8));
        assertEquals("Hello", new String(t.decode(9906, true), StandardCharsets.UTF_8));
        Tokenizer spm = VocabFixtures.tokenizer("llama-spm");
        assertArrayEquals(new byte[0], spm.decode(1));
        assertArrayEquals(new byte[0], spm.decode(0), "<unk> is not rendered either");
        assertEquals("<s>", new String(spm.decode(1, true), StandardCharsets.UTF_8));
    }

    @Test
    void parseSpecialRecognisesChatMarkersOnlyWhenAsked() {
        Tokenizer t = VocabFixtures.tokenizer("qwen2");
        String chat = "<|im_start|>user\nHi there<|im_end|>";
        int[] body = t.encode("user\nHi there", false);
        int[] parsed = t.encode(chat, false, true);
        assertArrayEquals(concat(new int[] {151644}, body, new int[] {151645}), parsed);
        int[] plain = t.encode(chat, false);
        assertTrue(IntStream.of(plain).noneMatch(id -> id >= 151643), "user text never becomes a control token");
        assertEquals(chat, decode(t, plain));
    }

    @Test
    void parsedSpecialTokensSplitTheTextAroundThem() {
        Tokenizer t = VocabFixtures.tokenizer("llama-bpe");
        int[] ids = t.encode("<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>", true, true);
        assertArrayEquals(concat(new int[] {128000, 128006}, t.encode("user", false), new int[] {128007},
                t.encode("\n\nHi", false), new int[] {128009}), ids);
    }

    @Test
    void phi3SpecialTokensSwallowTheWhitespaceAfterThemAndTextAfterThemGetsTheSpacePrefix() {
        Tokenizer t = VocabFixtures.tokenizer("phi-3");
        // "▁Hello" is 15043: the text after <|user|> starts afresh, with SentencePiece's space prefix.
        assertArrayEquals(new int[] {1, 32010, 15043, 32007, 32001},
                t.encode("<|user|>\nHello<|end|>\n<|assistant|>\n", true, true));
    }

    private static int[] concat(int[]... parts) {
        return Stream.of(parts).flatMapToInt(IntStream::of).toArray();
    }

    private static String decode(Tokenizer t, int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(new String(t.decode(id), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
