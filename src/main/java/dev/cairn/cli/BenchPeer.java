package dev.cairn.cli;

import java.nio.file.Path;

/**
 * Another engine that {@code bench --peer NAME} runs on the same model in the same run, for ratios.
 * Implementations live outside the application (llama.cpp's binding is a benchmark-scope dependency)
 * and are found with {@link java.util.ServiceLoader}.
 */
public interface BenchPeer {

    /** The name {@code --peer} selects it by. */
    String name();

    /** Prompt processing and decoding speed of the peer on {@code model}. */
    Speed measure(Path model, int promptTokens, int genTokens, int threads);

    /** Tokens per second. */
    record Speed(double promptTokensPerSecond, double decodeTokensPerSecond) {
    }
}
