package dev.cairn.tokenizer;

/** Text to token ids and back. Implementations are thread-safe. */
public interface Tokenizer {

    Vocabulary vocabulary();

    /**
     * Token ids of {@code text}, with BOS first when {@code addBos} is set and the vocabulary has one.
     * Control tokens such as {@code <|im_start|>} are recognised in the text only when {@code parseSpecial}
     * is set (never do so for untrusted text); otherwise they are tokenized as the characters they are made of.
     */
    int[] encode(String text, boolean addBos, boolean parseSpecial);

    /** Token ids of {@code text}, special tokens not parsed. */
    default int[] encode(String text, boolean addBos) {
        return encode(text, addBos, false);
    }

    /**
     * The raw bytes token {@code id} stands for. Control tokens decode to nothing unless {@code renderSpecial}
     * is set, then to their text. A multi-byte character may be split over several tokens: use
     * {@link Utf8Accumulator} to emit text safely.
     */
    byte[] decode(int id, boolean renderSpecial);

    /** The raw bytes token {@code id} stands for, control tokens as nothing. */
    default byte[] decode(int id) {
        return decode(id, false);
    }

    /** Whether generation should stop at this token: EOS, EOT and the other turn-ending tokens. */
    default boolean isEndOfGeneration(int id) {
        return vocabulary().special().isEndOfGeneration(id);
    }
}
