package dev.cairn.cli;

import dev.cairn.download.DownloadException;
import dev.cairn.download.HubClient;
import dev.cairn.download.HubModel;
import dev.cairn.download.RemoteModel;
import dev.cairn.download.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Searches the Hub for GGUF models; given a repository, lists its models with their fit on this machine. */
@Command(name = "search", mixinStandardHelpOptions = true, description = {
    "Search the Hugging Face Hub for GGUF models, most downloaded first.",
    "Given a repository (owner/name), list its GGUF models with size, quantization and whether each fits this machine."})
final class SearchCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Words to search for, or one repository id.")
    List<String> words;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Results to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    HubOptions hub;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String text = String.join(" ", words);
        try (HubClient client = hub.open()) {
            if (words.size() == 1 && Source.REPOSITORY.matcher(text).matches()) {
                List<RemoteModel> models = client.models(text);
                ModelTable.print(out, models, hub.forecast(models, hub.localModels().folderFor(Source.parse(text)), 0).fits());
                return 0;
            }
            List<HubModel> found = client.search(text, limit);
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("nothing found for '" + text + "'");
                return 0;
            }
            int width = Math.max(10, found.stream().mapToInt(m -> m.id().length()).max().orElse(0));
            out.printf(Locale.ROOT, "%-" + width + "s  %11s  %7s  %s%n", "REPOSITORY", "DOWNLOADS", "LIKES", "UPDATED");
            for (HubModel m : found) {
                out.printf(Locale.ROOT, "%-" + width + "s  %,11d  %,7d  %-10s%s%n", m.id(), m.downloads(), m.likes(),
                        m.lastModified().map(t -> t.atOffset(ZoneOffset.UTC).toLocalDate().toString()).orElse("-"),
                        m.gated() ? "  gated: needs an access token" : "");
            }
            out.flush();
            return 0;
        } catch (DownloadException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
    }
}
