package dev.cairn.app.inspector;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.SpeedCheck;
import dev.cairn.runtime.SpeedExplanation;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * The "why this speed" panel's state: on request it explains the passes run since the previous explanation
 * (or since the model was attached) in a background task, measuring the disk and memory there, never on
 * the FX thread. Methods run on the FX thread.
 */
public final class SpeedViewModel {

    private final SpeedCheck.Rates rates;
    private final ReadOnlyObjectWrapper<SpeedExplanation> explanation = new ReadOnlyObjectWrapper<>(this, "explanation");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyBooleanWrapper explaining = new ReadOnlyBooleanWrapper(this, "explaining");
    private LoadedModel model;
    private MetricsSnapshot since;

    /** @param rates where the disk and memory rates come from ({@link SpeedCheck#MEASURED} in the app) */
    public SpeedViewModel(SpeedCheck.Rates rates) {
        this.rates = rates;
    }

    /** Explains {@code loaded}'s passes from now on; null forgets the model. */
    public void attach(LoadedModel loaded) {
        model = loaded;
        since = loaded == null ? null : loaded.metrics().snapshot();
        explanation.set(null);
        text.set(loaded == null ? "" : "Run some tokens, then explain.");
    }

    /** Explains the passes since the last explanation, in the background; does nothing while one runs or none ran. */
    public void explain() {
        if (model == null || explaining.get()) {
            return;
        }
        MetricsSnapshot now = model.metrics().snapshot();
        MetricsSnapshot window = now.minus(since);
        if (window.passes() == 0) {
            text.set("No tokens since the last explanation: run some, then explain.");
            return;
        }
        LoadedModel explained = model;
        Task<SpeedExplanation> task = new Task<>() {
            @Override
            protected SpeedExplanation call() throws Exception {
                return SpeedCheck.explain(explained, window, rates);
            }
        };
        task.setOnSucceeded(e -> {
            explaining.set(false);
            if (model == explained) {
                since = now;
                explanation.set(task.getValue());
                text.set(task.getValue().describe().strip());
            }
        });
        task.setOnFailed(e -> {
            explaining.set(false);
            text.set("Could not measure the speed: " + task.getException().getMessage());
        });
        explaining.set(true);
        Thread.ofPlatform().daemon().name("cairn-speed-check").start(task);
    }

    public ReadOnlyObjectProperty<SpeedExplanation> explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty explainingProperty() {
        return explaining.getReadOnlyProperty();
    }
}
