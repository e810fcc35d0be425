package dev.cairn.app.download;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.download.DiskSpeed;
import dev.cairn.download.DownloadException;
import dev.cairn.download.DownloadQueue;
import dev.cairn.download.DownloadRequest;
import dev.cairn.download.Fit;
import dev.cairn.download.FitCheck;
import dev.cairn.download.HubModel;
import dev.cairn.download.LocalModels;
import dev.cairn.download.Machine;
import dev.cairn.download.Quantization;
import dev.cairn.download.RemoteFile;
import dev.cairn.download.RemoteModel;
import dev.cairn.download.Source;
import dev.cairn.runtime.LoadedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The Download view: search the Hub (or name a repository or a URL), a repository's GGUF models each
 * with its fit on this machine, and the queue of downloads with "Load" once one is done. Everything that
 * touches the network or the disk runs on the engine's background threads or the queue's own.
 */
public final class DownloadViewModel {

    private static final int SEARCH_LIMIT = 30;

    private final AppContext app;
    private final HubConnection hub;
    private final DownloadQueue queue = new DownloadQueue();
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObservableList<HubModel> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper repository = new ReadOnlyStringWrapper(this, "repository", "");
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final ObservableList<DownloadItem> downloads = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private int running;
    private double diskBytesPerSecond;

    public DownloadViewModel(AppContext app) {
        this.app = app;
        this.hub = new HubConnection(app);
        restoreUnfinished();
    }

    /** Searches for the query's words; a repository id opens it, a URL goes to the queue. */
    public void search() {
        String text = query.get().strip();
        if (text.isEmpty()) {
            return;
        }
        Source source;
        try {
            source = Source.parse(text);
        } catch (IllegalArgumentException notASource) {
            source = null;
        }
        switch (source) {
            case Source.Url url -> downloadUrl(url);
            case Source.Repository repo when text.contains("/") -> open(repo.id());
            case null, default -> background("Searching for '" + text + "'…", () -> hub.now(diskBytesPerSecond).client().search(text, SEARCH_LIMIT),
                    found -> {
                        results.setAll(found);
                        message.set(found.isEmpty() ? "Nothing found for '" + text + "'." : found.size() + " repositories with GGUF models.");
                    });
        }
    }

    /** Lists {@code repo}'s GGUF models with their fit here. */
    public void open(String repo) {
        record Listing(List<RemoteModel> models, Machine machine) {
        }
        background("Listing " + repo + "…", () -> {
            HubConnection.Snapshot now = hub.now(diskBytesPerSecond);
            return new Listing(now.client().models(repo), now.machine());
        }, listing -> {
            repository.set(repo);
            showFits(listing.models(), listing.machine());
            message.set(listing.models().isEmpty() ? repo + " has no GGUF files." : "");
        });
    }

    /** The listed models judged on {@code machine}; when one would stream, the disk is timed once and they are judged again. */
    private void showFits(List<RemoteModel> models, Machine machine) {
        List<Fit> fits = FitCheck.estimateAll(models, machine);
        files.setAll(IntStream.range(0, models.size()).mapToObj(i -> new FileRow(models.get(i), fits.get(i))).toList());
        if (FitCheck.needsDiskSpeed(fits, machine)) {
            background("Timing the disk for the streaming forecast…", () -> DiskSpeed.measure(hub.now(0).models().root()).bytesPerSecond(),
                    speed -> {
                        diskBytesPerSecond = speed;
                        showFits(models, machine.withDiskSpeed(speed));
                        message.set("");
                    });
        }
    }

    /** Queues the download of {@code row}'s model into the models folder. */
    public void download(FileRow row) {
        RemoteModel model = row.model();
        String repo = repository.get();
        background(null, () -> {
            HubConnection.Snapshot now = hub.now(diskBytesPerSecond);
            return new Queued(now, model, row.fit(), now.models().folderFor(Source.parse(repo)).resolve(model.parts().getFirst().fileName()));
        }, this::enqueue);
    }

    private void downloadUrl(Source.Url url) {
        background("Asking " + url.uri().getHost() + " about the file…", () -> {
            HubConnection.Snapshot now = hub.now(diskBytesPerSecond);
            RemoteModel model = now.client().resolve(url);
            Fit fit = FitCheck.estimate(model, model.size(), now.machine());
            return new Queued(now, model, fit, now.models().folderFor(url).resolve(model.parts().getFirst().fileName()));
        }, this::enqueue);
    }

    private record Queued(HubConnection.Snapshot connection, RemoteModel model, Fit fit, Path target) {
    }

    private void enqueue(Queued q) {
        if (q.fit().verdict() == Fit.Verdict.NOT_RUNNABLE || q.fit().verdict() == Fit.Verdict.NO_DISK_SPACE) {
            message.set(q.model().name() + ": " + q.fit().label() + ": " + q.fit().detail());
            return;
        }
        RemoteFile file = q.model().parts().getFirst();
        DownloadItem item = new DownloadItem(file.fileName(), q.fit(), q.connection().machine(), Math.max(0, q.model().size()),
                DownloadQueue.State.QUEUED, this::finished);
        item.attach(queue.add(q.connection().downloader(), new DownloadRequest(file, q.target(), Optional.empty(),
                LoadedModel.DEFAULT_CONTEXT_CAP), item));
        downloads.add(item);
        message.set("");
    }

    /** Downloads an earlier run left unfinished, listed paused with Resume. */
    private void restoreUnfinished() {
        record Found(HubConnection.Snapshot connection, List<LocalModels.Unfinished> unfinished) {
        }
        background(null, () -> {
            HubConnection.Snapshot now = hub.now(0);
            return new Found(now, now.models().unfinished());
        }, found -> {
            Machine machine = found.connection().machine();
            for (LocalModels.Unfinished u : found.unfinished()) {
                String name = u.target().getFileName().toString();
                RemoteFile file = new RemoteFile(Optional.empty(), name, u.url(), u.size(), u.sha256());
                RemoteModel model = new RemoteModel(name, Quantization.fromFileName(name), List.of(file));
                long toFetch = Math.max(0, u.size() - u.arrived());
                DownloadItem item = new DownloadItem(name, FitCheck.estimate(model, toFetch, machine), machine, toFetch,
                        DownloadQueue.State.PAUSED, this::finished);
                item.attach(queue.addPaused(found.connection().downloader(), new DownloadRequest(file, u.target(),
                        Optional.empty(), LoadedModel.DEFAULT_CONTEXT_CAP), item));
                downloads.add(item);
            }
        });
    }

    private void finished(DownloadItem item) {
        app.events().publish(new AppEvents.ModelsChanged());
    }

    /** Loads a downloaded model as the wizard loads a recent one; the chat shows when it is ready. */
    public void load(DownloadItem item) {
        app.events().publish(new AppEvents.LoadModel(item.file()));
    }

    /** Takes finished and cancelled downloads off the list; failed ones stay, with their reason. */
    public void clearFinished() {
        downloads.removeIf(d -> switch (d.stateProperty().get()) {
            case DONE, CANCELLED -> true;
            default -> false;
        });
    }

    /** Runs {@code work} off the FX thread, then {@code then} on it; a failure shows in the message line. */
    private <T> void background(String doing, Callable<T> work, Consumer<T> then) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        if (doing != null) {
            message.set(doing);
        }
        busy.set(++running > 0);
        task.setOnSucceeded(e -> {
            busy.set(--running > 0);
            then.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            busy.set(--running > 0);
            Throwable failure = task.getException();
            message.set(failure instanceof DownloadException || failure.getMessage() != null ? failure.getMessage()
                    : failure.getClass().getSimpleName());
        });
        app.threads().background().execute(task);
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<HubModel> results() {
        return results;
    }

    public ReadOnlyStringProperty repositoryProperty() {
        return repository.getReadOnlyProperty();
    }

    public ObservableList<FileRow> files() {
        return files;
    }

    public ObservableList<DownloadItem> downloads() {
        return downloads;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
