package dev.cairn.cli;

import dev.cairn.download.DataHome;
import dev.cairn.download.DiskSpeed;
import dev.cairn.download.Fit;
import dev.cairn.download.FitCheck;
import dev.cairn.download.HubClient;
import dev.cairn.download.HubSettings;
import dev.cairn.download.HubToken;
import dev.cairn.download.LocalModels;
import dev.cairn.download.Machine;
import dev.cairn.download.RemoteModel;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of the commands that talk to the Hub, and what they share: the settings in the data folder
 * (the app's Settings write them), the token ({@code HF_TOKEN}, else the saved one), and the fit check.
 */
final class HubOptions {

    @Option(names = "--hub-url", paramLabel = "URL",
            description = "The Hugging Face Hub or a mirror of its API (default: the app's setting, else HF_ENDPOINT, else https://huggingface.co).")
    String hubUrl;

    @Option(names = "--budget", paramLabel = "SIZE",
            description = "Memory budget the fit check plans with: bytes like 8G or a share of RAM like 60%% (default: the engine's, 60%%).")
    String budget;

    final Path dataRoot = DataHome.resolve();
    final Map<String, String> environment = System.getenv();

    HubSettings settings() {
        return HubSettings.read(dataRoot);
    }

    URI hub() {
        return hubUrl != null ? HubSettings.parseHub(hubUrl) : settings().hub(environment);
    }

    HubClient open() throws IOException {
        return HubClient.open(hub(), HubToken.find(environment, dataRoot), environment);
    }

    LocalModels localModels() {
        return LocalModels.of(dataRoot, settings());
    }

    /** This machine as a model downloaded to {@code folder} would meet it, and each model's fit there. */
    record Forecast(Machine machine, List<Fit> fits) {
    }

    /**
     * The fit of each model when downloaded to {@code folder}, where {@code alreadyHere} bytes of it may
     * have arrived before; the disk is timed only when one of them would stream, since that is the only
     * forecast that needs its speed.
     */
    Forecast forecast(List<RemoteModel> models, Path folder, long alreadyHere) throws IOException {
        Machine machine = new Machine(Residency.AUTO, (budget == null ? MemoryBudget.DEFAULT : Checks.parsed("--budget", budget, MemoryBudget::parse)).resolve(), LoadOptions.DEFAULT_PREFETCH,
                LoadedModel.DEFAULT_CONTEXT_CAP, 0, LocalModels.usableSpace(folder) + alreadyHere);
        List<Fit> fits = FitCheck.estimateAll(models, machine);
        if (FitCheck.needsDiskSpeed(fits, machine)) {
            machine = machine.withDiskSpeed(DiskSpeed.measure(folder).bytesPerSecond());
            fits = FitCheck.estimateAll(models, machine);
        }
        return new Forecast(machine, fits);
    }
}
