package dev.cairn.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.gguf.GgufFile;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A model's chat format: its own template when it has one, else a built-in one chosen from what the file says. */
class ChatFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            vocab/ggml-vocab-llama-bpe.gguf,    Llama 3,        <|begin_of_text|>, <|end_of_text|>, <|start_header_id|> is a Llama 3
            vocab/ggml-vocab-llama-spm.gguf,    Llama 2 [INST], <s>,               </s>,            SentencePiece vocabulary is a Llama 2
            vocab/ggml-vocab-gpt-2.gguf,        Zephyr,         <|endoftext|>,     <|endoftext|>,   architecture 'gpt2' with tokenizer 'gpt2'
            models/synth-qwen3-F32.gguf,        ChatML,         <s>,               </s>,            qwen3 models use ChatML
            """)
    void aModelWithoutATemplateGetsAKnownFormat(String fixture, String format, String bos, String eos, String why)
            throws IOException {
        ChatFormat chat = format(Fixtures.require(fixture));
        assertEquals("built-in " + format + " template", chat.template().name());
        assertEquals(bos, chat.bosToken());
        assertEquals(eos, chat.eosToken());
        String reason = chat.fallbackReason().orElseThrow();
        assertTrue(reason.startsWith("no chat template in the file; using the built-in " + format + " template, because "),
                reason);
        assertTrue(reason.contains(why), reason);
    }

    @Test
    void aModelWithATemplateUsesIt() throws IOException {
        ChatFormat chat = format(Fixtures.require("vocab/ggml-vocab-qwen2.gguf"));
        assertEquals("chat template of ggml-vocab-qwen2.gguf", chat.template().name());
        assertEquals(Optional.empty(), chat.fallbackReason());
        assertEquals("<|endoftext|>", chat.bosToken());
        String prompt = chat.template().render(new ChatRequest(List.of(new ChatMessage("user", "Hi")), true,
                chat.bosToken(), chat.eosToken(), ChatTemplateGoldenTest.GOLDEN_DATE.atStartOfDay()));
        assertEquals("<|im_start|>system\nYou are a helpful assistant<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\n", prompt);
    }

    @Test
    void theVocabularyDecidesForUnknownArchitectures() {
        assertEquals(KnownFormat.CHATML, ChatFormat.fallback("mistral", "gpt2", List.of("<|im_start|>")).format());
        assertEquals(KnownFormat.ZEPHYR, ChatFormat.fallback("phi3", "llama", List.of("<s>")).format());
        assertEquals(KnownFormat.LLAMA3, ChatFormat.fallback("llama", "llama", List.of("<|start_header_id|>")).format());
        assertEquals(KnownFormat.ZEPHYR, ChatFormat.fallback("llama", "gpt2", List.of()).format());
    }

    /** Our ChatML, Zephyr and Llama 2 templates write exactly what the reference templates of those formats do. */
    static Stream<ChatTemplateGoldenTest.Golden> referenceFormats() throws IOException {
        return ChatTemplateGoldenTest.goldens().filter(g -> g.name().matches("(chatml|zephyr|llama2-chat)\\..*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceFormats")
    void fallbackTemplatesMatchTheReferenceFormats(ChatTemplateGoldenTest.Golden golden) {
        KnownFormat format = golden.name().startsWith("chatml") ? KnownFormat.CHATML
                : golden.name().startsWith("zephyr") ? KnownFormat.ZEPHYR : KnownFormat.LLAMA2;
        assertEquals(golden.expected(), format.template().render(golden.request()));
    }

    @Test
    void theLlama3FallbackWritesHeaders() {
        ChatRequest request = new ChatRequest(List.of(new ChatMessage("system", "Be brief. "),
                new ChatMessage("user", "Hi"), new ChatMessage("assistant", "Hello"), new ChatMessage("user", "Bye")),
                true, "<|begin_of_text|>", "<|eot_id|>", ChatTemplateGoldenTest.GOLDEN_DATE.atStartOfDay());
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHello<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", KnownFormat.LLAMA3.template().render(request));
    }

    private static ChatFormat format(Path model) throws IOException {
        try (GgufFile file = GgufFile.open(model)) {
            return ChatFormat.of(file.metadata(), model.getFileName().toString());
        }
    }
}
