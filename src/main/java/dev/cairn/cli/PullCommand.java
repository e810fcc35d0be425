package dev.cairn.cli;

import dev.cairn.download.DownloadException;
import dev.cairn.download.DownloadRequest;
import dev.cairn.download.Downloader;
import dev.cairn.download.FileDownload;
import dev.cairn.download.Fit;
import dev.cairn.download.FitCheck;
import dev.cairn.download.HubClient;
import dev.cairn.download.LocalModels;
import dev.cairn.download.RemoteFile;
import dev.cairn.download.RemoteModel;
import dev.cairn.download.Retry;
import dev.cairn.download.Source;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.LoadedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Downloads a model, saying first whether it fits this machine; an interrupted pull resumes where it stopped. */
@Command(name = "pull", mixinStandardHelpOptions = true, description = {
    "Download a GGUF model from the Hugging Face Hub or a URL into the models folder.",
    "Before the first byte: the free disk space and whether the model fits in memory or streams, and how fast; "
            + "as soon as its header arrives: what it really is (a file that is not GGUF or that Cairn cannot run stops the pull); "
            + "at the end: its SHA-256. Run the same command again to resume an interrupted pull."})
final class PullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "owner/name (a repository with one GGUF model), owner/name:FILE.gguf, owner/name:QUANT (e.g. :Q4_K_M), or an http(s) URL.")
    String source;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The file's SHA-256; checked instead of the one the server publishes.")
    String sha256;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder the file lands in (default: <models folder>/<owner>/<name>).")
    Path dir;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "Times a dropped connection is retried, waiting 1 s, 2 s, 4 s... (default: ${DEFAULT-VALUE}).")
    int retries;

    @Mixin
    HubOptions hub;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Source what = parse(source);
        try (HubClient client = hub.open()) {
            RemoteModel model = choose(client, what, err);
            Optional<String> notRunnable = model.whyNotRunnable();
            if (notRunnable.isPresent()) {
                err.println("error: " + model.name() + " is " + notRunnable.get());
                return CairnCommand.EXIT_BAD_MODEL;
            }
            RemoteFile file = model.parts().getFirst();
            Path folder = dir != null ? dir : hub.localModels().folderFor(what);
            Path target = folder.resolve(file.fileName());
            long arrived = LocalModels.arrived(target);
            HubOptions.Forecast forecast = hub.forecast(List.of(model), folder, arrived);
            Fit fit = forecast.fits().getFirst();
            err.println(model.name() + ": " + (model.size() >= 0 ? Bytes.format(model.size()) : "size unknown")
                    + model.quantization().map(q -> ", " + q).orElse(""));
            err.println("fit (estimate from the file's size): " + fit.label() + ". " + fit.detail());
            if (fit.verdict() == Fit.Verdict.NO_DISK_SPACE) {
                err.println("error: " + folder + ": " + fit.detail());
                return 1;
            }
            err.println("downloading to " + target);
            err.flush();
            ProgressPrinter progress = new ProgressPrinter(err, System.console() != null && System.console().isTerminal(),
                    header -> FitCheck.fromHeader(header, Math.max(0, model.size() - arrived), forecast.machine()));
            DownloadRequest request = new DownloadRequest(file, target, Optional.ofNullable(sha256), LoadedModel.DEFAULT_CONTEXT_CAP);
            FileDownload.Result result = new Downloader(client, Retry.DEFAULT.withAttempts(retries)).download(request, progress).run();
            progress.endBar();
            if (!result.sha256().isEmpty()) {
                err.println("SHA-256 " + result.sha256() + (result.verified() ? " (verified)"
                        : " (the server published none to check it against)"));
            }
            out.println(result.file());
            out.flush();
            return 0;
        } catch (DownloadException e) {
            err.println();
            err.println("error: " + e.getMessage());
            err.flush();
            return e.kind() == DownloadException.Kind.NOT_RUNNABLE ? CairnCommand.EXIT_BAD_MODEL : 1;
        }
    }

    private Source parse(String text) {
        try {
            return Source.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The model the source names; for a repository with several, the list of them with their fit, and an error. */
    private RemoteModel choose(HubClient client, Source what, PrintWriter err) throws DownloadException, IOException {
        if (what instanceof Source.Repository repo) {
            List<RemoteModel> models = client.models(repo.id());
            try {
                return HubClient.pick(repo, models);
            } catch (DownloadException e) {
                if (!models.isEmpty()) {
                    ModelTable.print(err, models, hub.forecast(models, hub.localModels().folderFor(repo), 0).fits());
                }
                throw e;
            }
        }
        return client.resolve(what);
    }
}
