package dev.cairn.bench;

import dev.cairn.gguf.GgufFile;
import dev.cairn.testing.Fixtures;
import dev.cairn.tokenizer.Tokenizer;
import dev.cairn.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding 100 KB of text with each fixture vocabulary. {@code prose} is the same English-like text every time
 * (repeated words hit the word cache, as re-tokenizing a conversation does); {@code unseen} is new random
 * words on every call, so nothing is cached and every word is merged: the worst case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenizerBenchmark {

    private static final int TEXT_BYTES = 100 * 1024;
    private static final String[] WORDS = ("the of and to a in is it you that he was for on are with as I his they be "
            + "at one have this from or had by hot word but what some we can out other were all there when up use "
            + "your how said an each she which do their time if will way about many then them write would like so "
            + "these her long make thing see him two has look more day could go come did number sound no most people "
            + "my over know water than call first who may down side been now find any new work part take get place "
            + "made live where after back little only round man year came show every good me give our under name "
            + "very through just form sentence great think say help low line differ turn cause much mean before "
            + "move right boy old too same tell does set three want air well also play small end put home read "
            + "hand port large spell add even land here must big high such follow act why ask men change went light "
            + "kind off need house picture try us again animal point mother world near build self earth father "
            + "café naïve Zürich Москва город 東京 東京都 😀 ✅ don't we'll it's I've 2024 3.14 $100 #42").split(" ");
    private static final String[] PUNCTUATION = {" ", " ", " ", " ", " ", " ", ", ", ". ", "; ", "! ", "? ", ".\n", ".\n\n"};

    @Param({"llama-bpe", "qwen2", "gpt-2", "llama-spm"})
    public String vocab;

    @Param({"prose", "unseen"})
    public String text;

    private Tokenizer tokenizer;
    private String prose;
    private String input;
    private long seed;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path path = Fixtures.require("vocab/ggml-vocab-" + vocab + ".gguf");
        try (GgufFile file = GgufFile.open(path)) {
            tokenizer = Tokenizers.fromMetadata(file.metadata(), path);
        }
        prose = prose(new Random(1));
    }

    @Setup(Level.Invocation)
    public void nextText() {
        input = text.equals("prose") ? prose : unseen(new Random(++seed));
    }

    @Benchmark
    public int[] encode() {
        return tokenizer.encode(input, false);
    }

    /** Words drawn with a Zipf-like skew (common words far more often), punctuated into sentences and paragraphs. */
    private static String prose(Random random) {
        StringBuilder out = new StringBuilder(TEXT_BYTES + 64);
        int bytes = 0;
        boolean sentenceStart = true;
        while (bytes < TEXT_BYTES) {
            String word = WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2.5))];
            String after = PUNCTUATION[random.nextInt(PUNCTUATION.length)];
            String piece = (sentenceStart ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word) + after;
            out.append(piece);
            bytes += piece.getBytes(StandardCharsets.UTF_8).length;
            sentenceStart = !after.startsWith(" ") && !after.startsWith(",");
        }
        return out.toString();
    }

    /** Random lowercase words of 2 to 10 letters: text no cache has seen. */
    private static String unseen(Random random) {
        StringBuilder out = new StringBuilder(TEXT_BYTES + 16);
        while (out.length() < TEXT_BYTES) {
            for (int n = 2 + random.nextInt(9); n > 0; n--) {
                out.append((char) ('a' + random.nextInt(26)));
            }
            out.append(' ');
        }
        return out.toString();
    }
}
