package dev.cairn.app.inspector;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.SpeedCheck;
import dev.cairn.runtime.metrics.EngineMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;

/**
 * The inspector's state for one engine at a time. On each animation pulse at most every 33 ms it drains
 * the engine's event ring (lock-free: the FX thread never waits on the engine), follows the newest event
 * if asked to, and counts a frame when anything the canvases show changed; {@link InspectorView}
 * redraws on that count. All methods run on the FX thread.
 */
public final class InspectorViewModel {

    /** Counters refresh at most this often, slow enough to be read while they change. */
    static final long COUNTER_INTERVAL_NANOS = 250_000_000L;
    /** Hovering within this many pixels of an event names that event rather than the state around it. */
    static final double HOVER_PIXELS = 3;

    private final ReadOnlyDoubleWrapper hitRate = unknown("hitRate");
    private final ReadOnlyDoubleWrapper syncLoadsPerToken = unknown("syncLoadsPerToken");
    private final ReadOnlyDoubleWrapper ioWaitShare = unknown("ioWaitShare");
    private final ReadOnlyDoubleWrapper readBytesPerSecond = unknown("readBytesPerSecond");
    private final ReadOnlyDoubleWrapper uploadBytesPerSecond = unknown("uploadBytesPerSecond");
    private final ReadOnlyDoubleWrapper busBoundTokensPerSecond = unknown("busBoundTokensPerSecond");
    private final ReadOnlyDoubleWrapper tokensPerSecond = unknown("tokensPerSecond");
    private final ReadOnlyDoubleWrapper firstTokenMillis = unknown("firstTokenMillis");
    private final ReadOnlyLongWrapper cacheBytes = new ReadOnlyLongWrapper(this, "cacheBytes");
    private final ReadOnlyLongWrapper budgetBytes = new ReadOnlyLongWrapper(this, "budgetBytes");
    private final ReadOnlyLongWrapper events = new ReadOnlyLongWrapper(this, "events");
    private final ReadOnlyLongWrapper lostEvents = new ReadOnlyLongWrapper(this, "lostEvents");
    private final ReadOnlyLongWrapper frames = new ReadOnlyLongWrapper(this, "frames");
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final ReadOnlyBooleanWrapper attached = new ReadOnlyBooleanWrapper(this, "attached");
    private final BooleanProperty followLive = new SimpleBooleanProperty(this, "followLive", true);
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");

    private final TimeViewport viewport = new TimeViewport();
    private final IntervalGate frameGate = new IntervalGate(IntervalGate.FRAME_NANOS);
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };
    private final SpeedViewModel speed;
    private EngineMetrics metrics;
    private InspectorModel model = new InspectorModel(0);
    private Counters counters = new Counters();
    private IntervalGate counterGate = new IntervalGate(COUNTER_INTERVAL_NANOS);
    private boolean dirty = true;

    public InspectorViewModel() {
        this(SpeedCheck.MEASURED);
    }

    /** @param rates where the "why this speed" panel gets the disk and memory rates */
    public InspectorViewModel(SpeedCheck.Rates rates) {
        speed = new SpeedViewModel(rates);
        followLive.subscribe(follow -> {
            viewport.followLive(follow);
            dirty = true;
        });
    }

    /**
     * A view model attached to whatever model {@code loadedModel} holds, now and whenever it changes;
     * detached while it holds none.
     */
    public static InspectorViewModel watching(ObservableValue<? extends LoadedModel> loadedModel) {
        InspectorViewModel viewModel = new InspectorViewModel();
        loadedModel.subscribe(model -> {
            if (model == null) {
                viewModel.detach();
            } else {
                viewModel.attach(model);
            }
        });
        return viewModel;
    }

    /** A counter that reads NaN (shown as a dash) until it is first measured. */
    private ReadOnlyDoubleWrapper unknown(String name) {
        return new ReadOnlyDoubleWrapper(this, name, Double.NaN);
    }

    /** Starts showing {@code loaded}'s events, and explains its speed on request. */
    public void attach(LoadedModel loaded) {
        attach(loaded.metrics(), loaded.config().layers());
        speed.attach(loaded);
    }

    /** The "why this speed" panel's state. */
    public SpeedViewModel speed() {
        return speed;
    }

    /**
     * Starts showing {@code engine}'s events, forgetting the previous engine's, with {@code layers} heatmap
     * rows; follows live again, since the previous engine's times mean nothing for this one.
     */
    public void attach(EngineMetrics engine, int layers) {
        metrics = engine;
        followLive.set(true);
        model = new InspectorModel(layers);
        counters = new Counters();
        counterGate = new IntervalGate(COUNTER_INTERVAL_NANOS);
        forgetReadings();
        attached.set(true);
        dirty = true;
    }

    /** The previous engine's figures must not pass for the new one's until it is measured. */
    private void forgetReadings() {
        for (ReadOnlyDoubleWrapper counter : List.of(hitRate, syncLoadsPerToken, ioWaitShare, readBytesPerSecond,
                uploadBytesPerSecond, busBoundTokensPerSecond, tokensPerSecond, firstTokenMillis)) {
            counter.set(Double.NaN);
        }
        cacheBytes.set(0);
        budgetBytes.set(0);
        events.set(0);
        lostEvents.set(0);
        hoverText.set("");
    }

    /** Stops reading the engine (its model is closing); what was read stays on screen. */
    public void detach() {
        metrics = null;
        speed.attach(null);
        attached.set(false);
    }

    /** Starts the animation timer: call when the view is shown. */
    public void start() {
        timer.start();
    }

    /** Stops the animation timer: call when the view is hidden. The ring keeps recording meanwhile. */
    public void stop() {
        timer.stop();
    }

    /**
     * One animation pulse at {@code now} (nanoTime): drains and updates if the frame gate is open and
     * the inspector is not paused; returns whether a new frame was counted. The timer calls this; so may
     * whoever drives frames itself (benchmarks).
     */
    public boolean pulse(long now) {
        if (!frameGate.open(now)) {
            return false;
        }
        if (metrics != null && !paused.get()) {
            if (model.drain(metrics.ring()) > 0) {
                dirty = true;
                events.set(model.events());
                lostEvents.set(model.lostEvents());
                firstTokenMillis.set(model.firstTokenNanos() < 0 ? Double.NaN : model.firstTokenNanos() / 1e6);
            }
            if (counterGate.open(now)) {
                showCounters(counters.add(metrics.snapshot()));
            }
        }
        if (!model.isEmpty() && viewport.follow(model.latest())) {
            dirty = true;
        }
        if (!dirty) {
            return false;
        }
        dirty = false;
        frames.set(frames.get() + 1);
        return true;
    }

    private void showCounters(Counters.Values values) {
        hitRate.set(values.hitRate());
        syncLoadsPerToken.set(values.syncLoadsPerToken());
        ioWaitShare.set(values.ioWaitShare());
        readBytesPerSecond.set(values.readBytesPerSecond());
        uploadBytesPerSecond.set(values.uploadBytesPerSecond());
        busBoundTokensPerSecond.set(values.busBoundTokensPerSecond());
        tokensPerSecond.set(values.tokensPerSecond());
        cacheBytes.set(values.cacheBytes());
        budgetBytes.set(values.budgetBytes());
    }

    /** The plot area is {@code pixels} wide. */
    void resize(double pixels) {
        if (pixels != viewport.width()) {
            viewport.resize(pixels);
            dirty = true;
        }
    }

    /** Zooms in by {@code factor} (out below 1) around plot x {@code anchorX}. */
    void zoom(double factor, double anchorX) {
        viewport.zoom(factor, anchorX);
        dirty = true;
    }

    /** Drags the content {@code dx} pixels right, which stops following live. */
    void pan(double dx) {
        viewport.pan(dx);
        followLive.set(false);
        dirty = true;
    }

    /** Shows everything from the first event read to the newest. */
    public void showAll() {
        if (!model.isEmpty()) {
            followLive.set(false);
            viewport.show(model.origin(), model.latest());
            dirty = true;
        }
    }

    /** Shows exactly {@code from..to} (nanoTime) and stops following live. */
    void show(long from, long to) {
        followLive.set(false);
        viewport.show(from, to);
        dirty = true;
    }

    /** Names the event nearest plot x {@code x} in {@code layer}'s row, or the one that set its state there. */
    void hoverHeatmap(int layer, double x) {
        if (layer < 0 || layer >= model.heatmap().layers()) {
            hoverText.set("");
            return;
        }
        LayerTrack track = model.heatmap().track(layer);
        long at = (long) viewport.nanosAt(x);
        long before = track.lastAtOrBefore(at);
        long after = before + 1;
        double tolerance = HOVER_PIXELS * viewport.nanosPerPixel();
        long chosen = before;
        if (after < track.end() && track.nanos(after) - at <= tolerance
                && (before < track.first() || track.nanos(after) - at < at - track.nanos(before))) {
            chosen = after;
        }
        hoverText.set(chosen >= track.first() ? Describe.entry(layer, track, chosen, model.origin())
                : "layer " + layer + " · " + track.stateAt(at).label() + " · " + Describe.time(at - model.origin()));
    }

    /** Names the span under plot x {@code x} in the {@code lane}-th lane. */
    void hoverTimeline(int lane, double x) {
        List<LaneTrack> lanes = model.timeline().lanes();
        long span = lane >= 0 && lane < lanes.size() ? lanes.get(lane).spanAt((long) viewport.nanosAt(x)) : -1;
        hoverText.set(span < 0 ? "" : Describe.span(lanes.get(lane), span, model.origin()));
    }

    void clearHover() {
        hoverText.set("");
    }

    /**
     * Writes the events of the window on screen as CSV: gathered on the FX thread, written to the file in
     * the background. Completes with the number of events written.
     */
    public CompletableFuture<Long> exportCsv(Path file) {
        StringBuilder csv = new StringBuilder();
        long count = model.log().writeCsv(csv, (long) viewport.startNanos(), (long) viewport.endNanos(),
                model.origin());
        return CompletableFuture.supplyAsync(() -> {
            try {
                Files.writeString(file, csv, StandardCharsets.UTF_8);
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread.ofVirtual()::start);
    }

    InspectorModel model() {
        return model;
    }

    TimeViewport viewport() {
        return viewport;
    }

    public ReadOnlyDoubleProperty hitRateProperty() {
        return hitRate.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty syncLoadsPerTokenProperty() {
        return syncLoadsPerToken.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty ioWaitShareProperty() {
        return ioWaitShare.getReadOnlyProperty();
    }

    /** Bytes uploaded into a GPU's memory per second of upload time, over the counters' window; NaN without uploads. */
    public ReadOnlyDoubleProperty uploadBytesPerSecondProperty() {
        return uploadBytesPerSecond.getReadOnlyProperty();
    }

    /** Tokens per second if the uploads were all a token cost: the speed the bus allows; NaN without uploads. */
    public ReadOnlyDoubleProperty busBoundTokensPerSecondProperty() {
        return busBoundTokensPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty readBytesPerSecondProperty() {
        return readBytesPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty tokensPerSecondProperty() {
        return tokensPerSecond.getReadOnlyProperty();
    }

    /** The latest generation's time to first token in milliseconds, NaN before the first. */
    public ReadOnlyDoubleProperty firstTokenMillisProperty() {
        return firstTokenMillis.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty cacheBytesProperty() {
        return cacheBytes.getReadOnlyProperty();
    }

    /** The weights' memory budget, 0 when unbounded. */
    public ReadOnlyLongProperty budgetBytesProperty() {
        return budgetBytes.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty eventsProperty() {
        return events.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty lostEventsProperty() {
        return lostEvents.getReadOnlyProperty();
    }

    /** Counts the frames that changed what the canvases show; the view redraws when it moves. */
    public ReadOnlyLongProperty framesProperty() {
        return frames.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty attachedProperty() {
        return attached.getReadOnlyProperty();
    }

    public BooleanProperty followLiveProperty() {
        return followLive;
    }

    /** While paused the ring is not read (it keeps recording; what it overwrites meanwhile is lost). */
    public BooleanProperty pausedProperty() {
        return paused;
    }
}
