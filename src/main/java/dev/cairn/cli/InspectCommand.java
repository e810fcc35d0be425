package dev.cairn.cli;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.model.Architecture;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.ModelLoader;
import dev.cairn.model.UnsupportedModelException;
import dev.cairn.runtime.Bytes;
import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Describes a GGUF file from its header alone; no weights are read. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Describe a GGUF model without loading its weights.")
final class InspectCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "GGUF model file.")
    Path model;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (GgufFile file = GgufFile.open(model)) {
            GgufMetadata meta = file.metadata();
            String arch = meta.findString(GgufKeys.GENERAL_ARCHITECTURE).orElse("(none)");
            row(out, "file", file.path().toString());
            row(out, "GGUF version", Integer.toString(file.version()));
            meta.findString(GgufKeys.GENERAL_NAME).ifPresent(name -> row(out, "name", name));
            row(out, "architecture", arch + (Architecture.fromGguf(arch).isPresent() ? "" : " (not supported)"));
            long params = 0;
            long bytes = 0;
            Map<GgmlType, Integer> histogram = new EnumMap<>(GgmlType.class);
            for (GgufTensorInfo t : file.tensors()) {
                params += t.elementCount();
                bytes += t.byteSize();
                histogram.merge(t.type(), 1, Integer::sum);
            }
            row(out, "parameters", String.format(Locale.ROOT, "%,d (%s)", params, humanCount(params)));
            row(out, "tensors", file.tensors().size() + " " + histogram.toString().replace('=', ':'));
            row(out, "weights size", Bytes.format(bytes));
            row(out, "file size", Bytes.format(file.fileSize()));
            if (Architecture.fromGguf(arch).isPresent()) {
                describeShape(out, file);
            }
            String tokenizer = meta.findString(GgufKeys.TOKENIZER_MODEL).orElse("(none)");
            int vocab = meta.get(GgufKeys.TOKENIZER_TOKENS).isPresent()
                    ? meta.getStringArray(GgufKeys.TOKENIZER_TOKENS).length : 0;
            row(out, "tokenizer", tokenizer + ", " + vocab + " tokens"
                    + meta.findString(GgufKeys.TOKENIZER_PRE).map(p -> ", pre-tokenizer " + p).orElse(""));
            row(out, "chat template", meta.get(GgufKeys.CHAT_TEMPLATE).isPresent() ? "present" : "absent");
        }
        out.flush();
        return 0;
    }

    /** The runnable shape; a file without one (a vocabulary-only file, say) is described, not refused. */
    private static void describeShape(PrintWriter out, GgufFile file) {
        ModelConfig c;
        try {
            c = ModelLoader.config(file);
        } catch (UnsupportedModelException e) {
            row(out, "runnable", "no: " + e.getMessage());
            return;
        }
        row(out, "context length", Integer.toString(c.contextLength()));
        row(out, "shape", String.format(Locale.ROOT,
                "dim %d, layers %d, heads %d (KV %d, head size %d), FFN %d, vocab %d",
                c.dim(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.ffnDim(), c.vocabSize()));
        row(out, "rope", String.format(Locale.ROOT, "%s, base %s, dims %d%s", c.architecture().ropeType(),
                c.ropeBase(), c.ropeDim(), c.ropeScale() == 1.0 ? "" : ", linear scale " + c.ropeScale()));
        row(out, "rms epsilon", Float.toString(c.rmsEps()));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "%-15s %s%n", label + ":", value);
    }

    private static String humanCount(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fK", n / 1e3);
    }
}
