package dev.cairn.app.shell;

import dev.cairn.app.core.AppContext;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import java.util.Locale;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.util.Duration;

/**
 * The status bar's text: the loaded model, its backend and residency, memory in use against the budget,
 * and the tokens per second of the last busy half second (sampled from the engine's metrics, which are
 * lock-free to read).
 */
public final class StatusBarViewModel {

    private static final Duration SAMPLE_EVERY = Duration.millis(500);

    private final ReadOnlyStringWrapper model = new ReadOnlyStringWrapper("No model loaded");
    private final ReadOnlyStringWrapper backend = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper residency = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper("");
    private final AppContext app;
    private MetricsSnapshot previous;

    public StatusBarViewModel(AppContext app) {
        this.app = app;
        app.state().loadedModelProperty().addListener((obs, old, now) -> describe(now));
        describe(app.state().getLoadedModel());
        Timeline sampler = new Timeline(new KeyFrame(SAMPLE_EVERY, e -> sample()));
        sampler.setCycleCount(Animation.INDEFINITE);
        sampler.play();
    }

    private void describe(LoadedModel loaded) {
        previous = null;
        speed.set("");
        if (loaded == null) {
            model.set("No model loaded");
            backend.set("");
            residency.set("");
            memory.set("");
            return;
        }
        model.set(loaded.file().path().getFileName().toString());
        backend.set(loaded.transformer().backend().name());
        residency.set(loaded.residency().label());
        sample();
    }

    private void sample() {
        LoadedModel loaded = app.state().getLoadedModel();
        if (loaded == null) {
            return;
        }
        MetricsSnapshot now = loaded.metrics().snapshot();
        MemoryPlan plan = loaded.plan();
        long used = now.cacheBytes() + plan.kvBytes() + plan.scratchBytes();
        memory.set(Bytes.format(used) + " of " + (now.budgetBytes() == 0 ? "unbounded" : Bytes.format(now.budgetBytes())));
        if (previous != null) {
            MetricsSnapshot window = now.minus(previous);
            if (window.tokens() > 0) {
                speed.set(String.format(Locale.ROOT, "%.1f tok/s", window.tokensPerSecond()));
            }
        }
        previous = now;
    }

    public ReadOnlyStringProperty modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty backendProperty() {
        return backend.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty residencyProperty() {
        return residency.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }
}
