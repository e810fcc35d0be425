package dev.cairn.tokenizer;

/** Text to token ids and back. Implementations are immutable and thread-safe. */
public interface Tokenizer {

    Vocabulary vocabulary();

    /** Token ids of {@code text}, with BOS first when {@code addBos} is set and the vocabulary has one. */
    int[] encode(String text, boolean addBos);

    /**
     * The raw bytes token {@code id} stands for. Control tokens decode to nothing. A multi-byte character
     * may be split over several tokens: use {@link Utf8Accumulator} to emit text safely.
     */
    byte[] decode(int id);

    /** Whether generation should stop at this token. */
    default boolean isEndOfGeneration(int id) {
        return id == vocabulary().eos();
    }
}
