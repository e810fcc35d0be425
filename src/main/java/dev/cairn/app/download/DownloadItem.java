package dev.cairn.app.download;

import dev.cairn.download.DownloadQueue;
import dev.cairn.download.Fit;
import dev.cairn.download.FitCheck;
import dev.cairn.download.HeaderReport;
import dev.cairn.download.Machine;
import dev.cairn.download.Progress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One download in the queue, as its row shows it: progress, what its header says, its fit, and what
 * happened. The queue reports on its own thread; this moves it to the FX thread, progress coalesced to
 * at most one pending update however fast bytes arrive.
 */
public final class DownloadItem implements DownloadQueue.JobListener {

    private final String name;
    private final Machine machine;
    private final long bytesToFetch;
    private final Consumer<DownloadItem> finished;
    private final ReadOnlyObjectWrapper<DownloadQueue.State> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "waiting");
    private final ReadOnlyStringWrapper fit = new ReadOnlyStringWrapper(this, "fit", "");
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper(this, "header", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final AtomicReference<Progress> pendingProgress = new AtomicReference<>();
    private DownloadQueue.Job job;

    /**
     * @param estimate  the fit judged from the file's size, until its header says better
     * @param finished  told (on the FX thread) when the download is done
     */
    DownloadItem(String name, Fit estimate, Machine machine, long bytesToFetch, DownloadQueue.State initial,
            Consumer<DownloadItem> finished) {
        this.name = name;
        this.machine = machine;
        this.bytesToFetch = bytesToFetch;
        this.finished = finished;
        this.fit.set(describe(estimate));
        this.state.set(initial);
    }

    void attach(DownloadQueue.Job job) {
        this.job = job;
    }

    private static String describe(Fit fit) {
        return fit.label() + (fit.fromHeader() ? "" : " (estimate from the file's size)") + ": " + fit.detail();
    }

    @Override
    public void note(String text) {
        Platform.runLater(() -> message.set(text));
    }

    @Override
    public void progress(Progress now) {
        if (pendingProgress.getAndSet(now) == null) {
            Platform.runLater(() -> {
                Progress latest = pendingProgress.getAndSet(null);
                progress.set(latest.fraction());
                progressText.set(latest.describe());
            });
        }
    }

    @Override
    public void header(HeaderReport report) {
        Fit judged = FitCheck.fromHeader(report, bytesToFetch, machine);
        Platform.runLater(() -> {
            header.set(report.describe());
            fit.set(describe(judged));
        });
    }

    @Override
    public void changed(DownloadQueue.Job changed) {
        DownloadQueue.State now = changed.state();
        String failure = changed.failure().map(Throwable::getMessage).orElse(null);
        Platform.runLater(() -> {
            state.set(now);
            if (failure != null) {
                message.set(failure);
            }
            if (now == DownloadQueue.State.DONE) {
                progress.set(1);
                message.set("Downloaded to " + file());
                finished.accept(this);
            }
        });
    }

    public String name() {
        return name;
    }

    /** Where the model is (or will be). */
    public Path file() {
        return job.request().target();
    }

    public void pause() {
        job.pause();
    }

    public void resume() {
        job.resume();
    }

    public void cancel() {
        job.cancel();
    }

    public ReadOnlyObjectProperty<DownloadQueue.State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Between 0 and 1, or -1 while the size is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fitProperty() {
        return fit.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headerProperty() {
        return header.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
