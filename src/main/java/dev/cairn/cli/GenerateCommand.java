package dev.cairn.cli;

import dev.cairn.model.InferenceState;
import dev.cairn.runtime.Generator;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.tokenizer.Tokenizer;
import dev.cairn.tokenizer.Utf8Accumulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Streams a continuation of the prompt to stdout; diagnostics go to stderr. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Continue a prompt, streaming the generated text to stdout.")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    StatsOptions stats;

    @Option(names = {"-p", "--prompt"}, required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "256", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedModel loaded = model.load()) {
            Tokenizer tokenizer = loaded.tokenizer();
            int[] tokens = tokenizer.encode(prompt, tokenizer.vocabulary().addBos());
            InferenceState state = model.newState(loaded, tokens.length + Math.max(0, maxTokens)); // freed with the model
            OutputStream out = System.out;
            Utf8Accumulator utf8 = new Utf8Accumulator();
            StatsReport report = stats.start(loaded.metrics());
            Generator.Result result = new Generator(loaded.transformer(), tokenizer).generate(
                    state, tokens, sampling.params(), maxTokens, token -> {
                        if (report != null) {
                            report.mark();
                        }
                        write(out, utf8.accept(tokenizer.decode(token)));
                    });
            write(out, utf8.flush());
            err.printf(Locale.ROOT, "%n[%s] prompt %d tokens, %.1f tok/s; generated %d tokens, %.1f tok/s; stop: %s%n",
                    loaded.transformer().backend().name(), result.promptTokens(), result.promptTokensPerSecond(),
                    result.tokens().length, result.generationTokensPerSecond(), result.stopReason());
            stats.finish(report, err);
        }
        return 0;
    }

    private static void write(OutputStream out, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
