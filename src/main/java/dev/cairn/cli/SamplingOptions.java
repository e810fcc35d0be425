package dev.cairn.cli;

import dev.cairn.sampling.SamplingParams;
import java.util.Map;
import picocli.CommandLine.Option;

/** Sampling options; defaults follow llama.cpp's. */
final class SamplingOptions {

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "40", description = "0 disables (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95", description = "1 disables (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0.05", description = "0 disables (default: ${DEFAULT-VALUE}).")
    float minP;

    @Option(names = "--repeat-penalty", paramLabel = "R", defaultValue = "1.0", description = "1 disables (default: ${DEFAULT-VALUE}).")
    float repeatPenalty;

    @Option(names = "--repeat-last-n", paramLabel = "N", defaultValue = "64", description = "Tokens the penalty looks back over (default: ${DEFAULT-VALUE}).")
    int repeatLastN;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: random); the same seed gives the same text.")
    Long seed;

    /** The option behind each of {@link SamplingParams}' components, for messages about them. */
    private static final Map<String, String> FLAGS = Map.of("temperature", "--temperature", "topK", "--top-k",
            "topP", "--top-p", "minP", "--min-p", "repeatPenalty", "--repeat-penalty", "repeatLastN", "--repeat-last-n");

    /** The chosen sampling; a value out of range is an error naming its option. */
    SamplingParams params() {
        long s = seed != null ? seed : System.nanoTime();
        try {
            return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, s);
        } catch (SamplingParams.OutOfRangeException e) {
            throw new IllegalArgumentException(FLAGS.get(e.parameter()) + " " + e.rule(), e);
        }
    }
}
