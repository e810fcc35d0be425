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
        Checks.atLeastOne("--max-tokens", maxTokens);
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        try (LoadedModel loaded = model.load()) {
            long loadNanos = System.nanoTime() - started;
            Tokenizer tokenizer = loaded.tokenizer();
            int[] tokens = tokenizer.encode(prompt, tokenizer.vocabulary().addBos());
            int context = model.contextFor(loaded);
            if (tokens.length >= context) {
                throw new IllegalArgumentException(promptTooLong(loaded, tokens.length, context));
            }
            // Room for the prompt and the answer, within the context: a short run needs no large KV cache.
            InferenceState state = loaded.newState((int) Math.min(context, (long) tokens.length + maxTokens),
                    model.kvCacheType());
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
            err.printf(Locale.ROOT, "%n[%s] prompt %d tokens, %.3g tok/s; generated %d tokens, %.3g tok/s; stop: %s%n",
                    loaded.transformer().backend().name(), result.promptTokens(), result.promptTokensPerSecond(),
                    result.tokens().length, result.generationTokensPerSecond(), result.stopReason());
            err.printf(Locale.ROOT, "time to first token: %.1f s (loading %.1f s, then the prompt and the first token %.1f s)%n",
                    (loadNanos + result.firstTokenNanos()) / 1e9, loadNanos / 1e9, result.firstTokenNanos() / 1e9);
            stats.finish(report, loaded, err);
        }
        return 0;
    }

    private String promptTooLong(LoadedModel loaded, int tokens, int context) {
        int trained = loaded.config().contextLength();
        String why = model.context != null ? "--context"
                : context == trained ? "the length " + loaded.file().path().getFileName() + " was trained for"
                : String.format(Locale.ROOT, "the default cap; the model was trained for %,d", trained);
        return String.format(Locale.ROOT, "the prompt is %,d tokens, and the context %,d tokens (%s): shorten the prompt, "
                + "or raise --context%s", tokens, context, why,
                context >= trained ? " (past the trained length, text will likely be poor)" : "");
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
