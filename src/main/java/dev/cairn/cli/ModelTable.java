package dev.cairn.cli;

import dev.cairn.download.Fit;
import dev.cairn.download.RemoteModel;
import dev.cairn.runtime.Bytes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** A repository's GGUF models with their size, quantization and fit on this machine. */
final class ModelTable {

    private ModelTable() {
    }

    static void print(PrintWriter out, List<RemoteModel> models, List<Fit> fits) {
        int width = Math.max(5, models.stream().mapToInt(m -> m.name().length()).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  %11s  %-8s  %s%n", "MODEL", "SIZE", "QUANT", "FIT (estimate from the file's size)");
        for (int i = 0; i < models.size(); i++) {
            RemoteModel m = models.get(i);
            Fit fit = fits.get(i);
            out.printf(Locale.ROOT, "%-" + width + "s  %11s  %-8s  %s%n", m.name(), m.size() < 0 ? "?" : Bytes.format(m.size()),
                    m.quantization().map(Object::toString).orElse("-"),
                    fit.label() + (fit.runs() ? "" : ": " + fit.detail()));
        }
        out.flush();
    }
}
