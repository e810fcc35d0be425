package dev.cairn.app.download;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppSettings;
import dev.cairn.download.AccessToken;
import dev.cairn.download.Downloader;
import dev.cairn.download.HubClient;
import dev.cairn.download.HubSettings;
import dev.cairn.download.HubToken;
import dev.cairn.download.LocalModels;
import dev.cairn.download.Machine;
import dev.cairn.download.Retry;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub, token and models folder the settings name right now, and this machine as a first load would
 * meet a model: read afresh for every search and download (off the FX thread), so a change in Settings
 * applies at once. A client is reused while the hub and token stay the same.
 */
final class HubConnection {

    private final AppContext app;
    private final Map<String, String> environment = System.getenv();
    private HubClient client;
    private Object clientFor;

    HubConnection(AppContext app) {
        this.app = app;
    }

    /** What a download needs, as the settings say now. */
    record Snapshot(HubClient client, Downloader downloader, LocalModels models, Machine machine) {
    }

    synchronized Snapshot now(double diskBytesPerSecond) throws IOException {
        Path dataRoot = app.dataFolder().root();
        HubSettings settings = HubSettings.read(dataRoot);
        URI hub = settings.hub(environment);
        Optional<AccessToken> token = HubToken.find(environment, dataRoot);
        Object key = List.of(hub, token.map(AccessToken::secret).orElse(""));
        if (client == null || !key.equals(clientFor)) {
            client = HubClient.open(hub, token, environment);
            clientFor = key;
        }
        LocalModels models = LocalModels.of(dataRoot, settings);
        AppSettings defaults = app.settings().get();
        Machine machine = new Machine(defaults.defaultResidency(), MemoryBudget.ofShare(defaults.budgetPercent() / 100.0).resolve(),
                LoadOptions.DEFAULT_PREFETCH, LoadedModel.DEFAULT_CONTEXT_CAP, diskBytesPerSecond, LocalModels.usableSpace(models.root()));
        return new Snapshot(client, new Downloader(client, Retry.DEFAULT), models, machine);
    }
}
