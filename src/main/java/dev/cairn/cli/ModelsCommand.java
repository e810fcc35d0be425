package dev.cairn.cli;

import dev.cairn.download.DataHome;
import dev.cairn.download.HubSettings;
import dev.cairn.download.LocalModels;
import dev.cairn.runtime.Bytes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the downloaded models and the unfinished downloads. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models in the models folder, with size and when the app last loaded each; unfinished downloads too.")
final class ModelsCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    @Option(names = "--dir", paramLabel = "DIR", description = "The folder to list (default: the models folder).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dataRoot = DataHome.resolve();
        LocalModels models = dir != null ? new LocalModels(dir, LocalModels.usageFile(dataRoot))
                : LocalModels.of(dataRoot, HubSettings.read(dataRoot));
        List<LocalModels.Entry> entries = models.list();
        spec.commandLine().getErr().println(entries.isEmpty() ? "no models in " + models.root() : "in " + models.root() + ":");
        int width = Math.max(5, entries.stream().mapToInt(e -> models.root().relativize(e.file()).toString().length()).max().orElse(0));
        for (LocalModels.Entry e : entries) {
            String name = models.root().relativize(e.file()).toString();
            if (e.unfinished()) {
                out.printf(Locale.ROOT, "%-" + width + "s  unfinished: %s of %s (cairn pull resumes it)%n", name, Bytes.format(e.bytes()),
                        e.expected() < 0 ? "?" : Bytes.format(e.expected()));
            } else {
                out.printf(Locale.ROOT, "%-" + width + "s  %11s  %s%n", name, Bytes.format(e.bytes()),
                        e.lastUsed().map(t -> "last used " + WHEN.format(t.atZone(ZoneId.systemDefault()))).orElse("never used"));
            }
        }
        out.flush();
        return 0;
    }
}
