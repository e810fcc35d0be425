package dev.cairn.tokenizer;

import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Finds special tokens as llama.cpp's vocabulary loader does: per-model default ids, then the ids the
 * metadata gives, then, for roles the metadata leaves out, well-known token texts. Since many converters
 * store turn-ending tokens as normal ones, llama.cpp turns every token found by its text into a control
 * token (parsed from text only on request, decoded to nothing); this does the same to the types it is given.
 * Where several texts fit a role, the first in llama.cpp's list wins (llama.cpp itself takes whichever its
 * hash map yields first).
 */
final class SpecialTokenReader {

    private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>",
            "<end_of_utterance>");
    private static final List<String> EOM_TEXTS = List.of("<|eom_id|>");
    private static final List<String> FIM_PAD_TEXTS = List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
    private static final List<String> FIM_REP_TEXTS = List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>",
            "<reponame>");
    private static final List<String> FIM_SEP_TEXTS = List.of("<|file_sep|>");
    private static final List<String> END_OF_GENERATION_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>",
            "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
            "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<｜end▁of▁sentence｜>");
    /** Phi-3's special tokens that keep the whitespace after them. */
    private static final Set<String> PHI3_KEEPS_WHITESPACE = Set.of("<unk>", "<s>", "<|endoftext|>");

    private final GgufMetadata meta;
    private final String[] tokens;
    private final TokenType[] types;
    /** The first id spelled as each well-known text present. */
    private final Map<String, Integer> wellKnown = new HashMap<>();

    private SpecialTokenReader(GgufMetadata meta, String[] tokens, TokenType[] types) {
        this.meta = meta;
        this.tokens = tokens;
        this.types = types;
        Set<String> texts = Set.copyOf(Stream.of(EOT_TEXTS, EOM_TEXTS, FIM_PAD_TEXTS, FIM_REP_TEXTS, FIM_SEP_TEXTS,
                END_OF_GENERATION_TEXTS).flatMap(List::stream).toList());
        for (int id = 0; id < tokens.length; id++) {
            if (texts.contains(tokens[id])) {
                wellKnown.putIfAbsent(tokens[id], id);
            }
        }
    }

    /** The special tokens of a {@code model} vocabulary; {@code types} is updated in place (see the class comment). */
    static SpecialTokens read(GgufMetadata meta, String model, String[] tokens, TokenType[] types) {
        return new SpecialTokenReader(meta, tokens, types).read(model);
    }

    private SpecialTokens read(String model) {
        boolean spm = model.equals("llama");
        boolean bpe = model.equals("gpt2");
        int bos = id(GgufKeys.TOKENIZER_BOS_ID, spm ? 1 : bpe ? 11 : -1);
        int eos = id(GgufKeys.TOKENIZER_EOS_ID, spm ? 2 : bpe ? 11 : -1);
        int unknown = id(GgufKeys.TOKENIZER_UNKNOWN_ID, spm ? 0 : -1);
        int padding = id(GgufKeys.TOKENIZER_PADDING_ID, -1);
        int eot = idOrText(GgufKeys.TOKENIZER_EOT_ID, EOT_TEXTS);
        int eom = idOrText(GgufKeys.TOKENIZER_EOM_ID, EOM_TEXTS);
        int fimPad = idOrText(GgufKeys.TOKENIZER_FIM_PAD_ID, FIM_PAD_TEXTS);
        int fimRep = idOrText(GgufKeys.TOKENIZER_FIM_REP_ID, FIM_REP_TEXTS);
        int fimSep = idOrText(GgufKeys.TOKENIZER_FIM_SEP_ID, FIM_SEP_TEXTS);
        int[] byText = END_OF_GENERATION_TEXTS.stream().map(wellKnown::get).filter(Objects::nonNull)
                .mapToInt(Integer::intValue).toArray();
        for (int id : byText) {
            types[id] = TokenType.CONTROL;
        }
        int[] endOfGeneration = IntStream.concat(IntStream.of(eos, eot, eom, fimPad, fimRep, fimSep), IntStream.of(byText))
                .toArray();
        return new SpecialTokens(bos, eos, eot, eom, unknown, padding, endOfGeneration, stripRight());
    }

    /**
     * The id under {@code key}; {@code fallback} when it is absent or out of range, as llama.cpp warns and does
     * (converters write "none" as 0xFFFFFFFF).
     */
    private int id(String key, int fallback) {
        long id = meta.findLong(key).orElse(-1);
        if (id >= 0 && id < tokens.length) {
            return (int) id;
        }
        return fallback < tokens.length ? fallback : -1;
    }

    /** The id under {@code key}, else the first token spelled as one of {@code texts}, made a control token. */
    private int idOrText(String key, List<String> texts) {
        int id = id(key, -1);
        if (id >= 0) {
            return id;
        }
        int found = texts.stream().map(wellKnown::get).filter(Objects::nonNull).findFirst().orElse(-1);
        if (found >= 0) {
            types[found] = TokenType.CONTROL;
        }
        return found;
    }

    /** llama.cpp recognises Phi-3 by name and lets its special tokens swallow the whitespace after them. */
    private int[] stripRight() {
        String name = meta.findString(GgufKeys.GENERAL_NAME).orElse("").toLowerCase(Locale.ROOT);
        if (!name.contains("phi-3") && !name.contains("phi3")) {
            return new int[0];
        }
        return IntStream.range(0, tokens.length)
                .filter(id -> types[id].isSpecial() || tokens[id].equals("</s>"))
                .filter(id -> !PHI3_KEEPS_WHITESPACE.contains(tokens[id]))
                .toArray();
    }
}
