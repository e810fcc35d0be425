package dev.cairn.tokenizer;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code tokenizer.ggml.pre} selects for a byte-level BPE vocabulary, as in llama.cpp's vocabulary
 * loader: the pre-tokenizer, whether a word already in the vocabulary skips merging, and whether BOS is
 * added when the file does not say.
 */
enum BpePreset {

    LLAMA3(new Llama3PreTokenizer(3), true, true,
            "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2"),
    DBRX(new Llama3PreTokenizer(3), false, false, "dbrx", "smaug-bpe"),
    QWEN2(new Llama3PreTokenizer(1), false, false, "qwen2", "deepseek-r1-qwen", "stablelm2", "megrez"),
    GPT2(new Gpt2PreTokenizer(), false, false, "gpt-2", "phi-2", "mpt", "olmo", "jais", "exaone4", "trillion"),
    STARCODER(new RunPreTokenizer(CodepointClass::isNumber, 1).then(new Gpt2PreTokenizer()), false, false,
            "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b"),
    DEFAULT(new RunPreTokenizer(BpePreset::isDefaultPunctuation, 0)
            .then(new Gpt2PreTokenizer())
            .then(new RunPreTokenizer(CodepointClass::isNumber, 0))
            .then(new RunPreTokenizer(cp -> cp >= '0' && cp <= '9', 3)), false, false, "default", "");

    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;
    private final boolean addBos;
    private final String[] names;

    BpePreset(PreTokenizer preTokenizer, boolean ignoreMerges, boolean addBos, String... names) {
        this.preTokenizer = preTokenizer;
        this.ignoreMerges = ignoreMerges;
        this.addBos = addBos;
        this.names = names;
    }

    /** The preset for a {@code tokenizer.ggml.pre} value; a missing value means {@code default}, as in llama.cpp. */
    static Optional<BpePreset> forName(String pre) {
        return Arrays.stream(values()).filter(p -> p.names().anyMatch(pre::equals)).findFirst();
    }

    Stream<String> names() {
        return Arrays.stream(names);
    }

    PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    boolean ignoreMerges() {
        return ignoreMerges;
    }

    boolean addBos() {
        return addBos;
    }

    /** The default pre-tokenizer's first regex, {@code [\p{P}\$\+<=>\^~\|]+}. */
    private static boolean isDefaultPunctuation(int cp) {
        return CodepointClass.isPunctuation(cp) || "$+<=>^~|".indexOf(cp) >= 0;
    }
}
