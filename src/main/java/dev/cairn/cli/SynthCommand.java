package dev.cairn.cli;

import dev.cairn.download.Progress;
import dev.cairn.gguf.GgufWriter;
import dev.cairn.runtime.Bytes;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.synth.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Generates a random-weight model of a real shape, for benchmarks, with a progress bar (a 70B takes minutes). */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a random-weight Llama model of a real shape (for benchmarks; its text is gibberish).")
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--shape", required = true, paramLabel = "NAME", description = "One of: tinyllama-1.1b, llama3.2-1b, llama2-7b, llama2-70b, llama3-70b, test-tiny, test-deep.")
    String shape;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "A tensor type (Q4_0, Q8_0, F16, ...) or a mix (Q4_K_M, Q5_K_M).")
    String type;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Output GGUF file.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelShape modelShape = ModelShape.byId(shape).orElseThrow(() -> new IllegalArgumentException(
                "unknown shape '" + shape + "' (known: " + ModelShape.ids() + ")"));
        QuantMix mix = QuantMix.byName(type).orElseThrow(() -> new IllegalArgumentException(
                "unknown type '" + type + "' (known: " + QuantMix.names() + ")"));
        long start = System.nanoTime();
        // a written file has no header to judge: the printer's fit check is never asked
        ProgressPrinter printer = new ProgressPrinter(spec.commandLine().getErr(),
                System.console() != null && System.console().isTerminal(), null);
        WriteRate rate = new WriteRate(start);
        new SyntheticModel(modelShape, mix, seed).write(out, new GgufWriter().progress((written, total) ->
                printer.progress(new Progress(written, total, rate.bytesPerSecond(written)))));
        printer.endBar();
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s (%s, %s) in %.1f s%n", out,
                Bytes.format(Files.size(out)), mix.name(), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The average write rate since the start: the disk's steady pace, which is what the time left needs. */
    private record WriteRate(long startNanos) {
        double bytesPerSecond(long written) {
            long elapsed = System.nanoTime() - startNanos;
            return elapsed <= 0 ? 0 : written * 1e9 / elapsed;
        }
    }
}
