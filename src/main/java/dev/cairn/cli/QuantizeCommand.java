package dev.cairn.cli;

import dev.cairn.runtime.Bytes;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.convert.QuantMix;
import dev.cairn.model.convert.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cairn quantize IN OUT TYPE}, like llama.cpp's llama-quantize. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Re-encode a model's weights as TYPE (Q4_0, Q8_0, Q4_K, Q6_K, F16, ...) or a mix (Q4_K_M, Q5_K_M).")
final class QuantizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Source GGUF (best F32, F16 or BF16).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "GGUF file to write.")
    Path out;

    @Parameters(index = "2", paramLabel = "TYPE", description = "Target type or mix.")
    String type;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        QuantMix mix = QuantMix.byName(type).orElseThrow(() -> new IllegalArgumentException(
                "unknown type '" + type + "' (known: " + QuantMix.names() + ")"));
        long start = System.nanoTime();
        try (GgufFile source = GgufFile.open(in)) {
            new Quantizer(mix).quantize(source, out);
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s (%s, %s) in %.1f s%n", out,
                Bytes.format(Files.size(out)), mix.name(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
