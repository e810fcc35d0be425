package dev.cairn.chat;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to prompt a model: its chat template and the text of its BOS and EOS tokens, which templates insert
 * as {@code bos_token} and {@code eos_token}. A model file without {@code tokenizer.chat_template} gets a
 * built-in template chosen from its architecture and vocabulary, and {@link #fallbackReason} says which
 * and why, so that callers can tell the user.
 */
public record ChatFormat(ChatTemplate template, String bosToken, String eosToken, Optional<String> fallbackReason) {

    public ChatFormat {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(bosToken, "bosToken");
        Objects.requireNonNull(eosToken, "eosToken");
        Objects.requireNonNull(fallbackReason, "fallbackReason");
    }

    /** A built-in format and the reason it was chosen. */
    record Fallback(KnownFormat format, String reason) {
    }

    /**
     * The format of the model whose metadata is {@code meta}; {@code modelName} (usually the file name)
     * names its template in errors.
     *
     * @throws ChatTemplateException if the model's own template does not parse
     */
    public static ChatFormat of(GgufMetadata meta, String modelName) {
        List<String> vocabulary = meta.contains(GgufKeys.TOKENIZER_TOKENS)
                ? Arrays.asList(meta.getStringArray(GgufKeys.TOKENIZER_TOKENS)) : List.of();
        String bos = tokenText(meta, GgufKeys.TOKENIZER_BOS_ID, vocabulary);
        String eos = tokenText(meta, GgufKeys.TOKENIZER_EOS_ID, vocabulary);
        Optional<String> source = meta.findString(GgufKeys.CHAT_TEMPLATE);
        if (source.isPresent()) {
            return new ChatFormat(ChatTemplate.parse("chat template of " + modelName, source.get()), bos, eos, Optional.empty());
        }
        Fallback fallback = fallback(meta.findString(GgufKeys.GENERAL_ARCHITECTURE).orElse(""),
                meta.findString(GgufKeys.TOKENIZER_MODEL).orElse(""), vocabulary);
        return new ChatFormat(fallback.format().template(), bos, eos, Optional.of(fallback.reason()));
    }

    /** Chooses a built-in format from what the file does say: the architecture and the vocabulary's markers. */
    static Fallback fallback(String architecture, String tokenizer, List<String> vocabulary) {
        if (architecture.startsWith("qwen")) {
            return fallback(KnownFormat.CHATML, architecture + " models use ChatML");
        }
        if (architecture.equals("llama") && vocabulary.contains("<|start_header_id|>")) {
            return fallback(KnownFormat.LLAMA3, "a llama model whose vocabulary has <|start_header_id|> is a Llama 3");
        }
        if (architecture.equals("llama") && tokenizer.equals("llama")) {
            return fallback(KnownFormat.LLAMA2, "a llama model with a SentencePiece vocabulary is a Llama 2");
        }
        if (vocabulary.contains("<|im_start|>")) {
            return fallback(KnownFormat.CHATML, "the vocabulary has ChatML's <|im_start|>");
        }
        return fallback(KnownFormat.ZEPHYR, "no known format fits architecture '" + architecture + "' with tokenizer '"
                + tokenizer + "', and Zephyr's plain-text markers work with any vocabulary");
    }

    private static Fallback fallback(KnownFormat format, String why) {
        return new Fallback(format, "no chat template in the file; using the built-in " + format.label()
                + " template, because " + why);
    }

    private static String tokenText(GgufMetadata meta, String key, List<String> vocabulary) {
        long id = meta.findLong(key).orElse(-1);
        return id >= 0 && id < vocabulary.size() ? vocabulary.get((int) id) : "";
    }
}
