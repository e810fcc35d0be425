package dev.cairn.app.models;

import dev.cairn.app.core.ResidencyConverter;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.PlanEstimate;
import dev.cairn.runtime.Residency;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Step 3: the memory plan (weights, KV cache for the chosen context, scratch) against the chosen
 * backend's memory, and the choices that shape it, with their expected effect on speed.
 */
final class PlanStepPane extends VBox {

    private final ModelWizardViewModel model;
    private final GridPane memory = new GridPane();
    private final ProgressBar share = new ProgressBar(0);
    private final Label effect = new Label();

    PlanStepPane(ModelWizardViewModel model) {
        super(14);
        this.model = model;
        memory.setId("plan-memory");
        memory.setHgap(16);
        memory.setVgap(4);
        share.setMaxWidth(Double.MAX_VALUE);
        effect.setId("plan-effect");
        effect.setWrapText(true);
        effect.getStyleClass().add("plan-effect");
        Label disk = new Label();
        disk.setId("plan-disk");
        disk.getStyleClass().add("text-muted");
        disk.textProperty().bind(model.diskSpeedProperty());
        Label upload = new Label();
        upload.setId("plan-upload");
        upload.getStyleClass().add("text-muted");
        upload.textProperty().bind(model.uploadSpeedProperty());
        getChildren().addAll(section("Backend"), backends(), section("Memory plan"), memory, share,
                section("How to run it"), choices(), effect, disk, upload);
        model.estimateProperty().addListener(o -> refresh());
        refresh();
    }

    private static Label section(String title) {
        Label label = new Label(title);
        label.getStyleClass().add("title-4");
        return label;
    }

    private Node backends() {
        ChoiceBox<BackendOption> choice = new ChoiceBox<>(model.backends());
        choice.setId("plan-backend");
        choice.valueProperty().bindBidirectional(model.backendProperty());
        return choice;
    }

    /** Whose memory the budget is a share of: the machine's RAM for the CPU, a GPU's own memory otherwise. */
    private static String memoryOf(BackendOption backend) {
        String size = Bytes.format(backend.memoryBytes());
        return backend.isChoice("cpu") ? "this machine's " + size + " of RAM" : backend.name() + "'s " + size + " of device memory";
    }

    /** What the budget covers: the whole process in RAM, or what the device holds. */
    private static String coverageOf(BackendOption backend) {
        return backend.isChoice("cpu") ? "for the whole process (JVM, weights, KV cache and scratch)"
                : "for weights, KV cache and scratch together";
    }

    private Node choices() {
        ChoiceBox<Residency> residency = new ChoiceBox<>();
        residency.getItems().addAll(Residency.AUTO, Residency.RESIDENT, Residency.STREAMING);
        residency.setId("plan-residency");
        residency.setConverter(new ResidencyConverter());
        residency.valueProperty().bindBidirectional(model.residencyProperty());

        Slider budget = budgetSlider();
        Label budgetText = new Label();
        budgetText.setId("plan-budget-text");
        budgetText.setWrapText(true);
        budgetText.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "%s: %s of %s, %s",
                Bytes.format(model.budgetBytes()), percent(model.budgetPercentProperty().get()),
                memoryOf(model.backendProperty().get()), coverageOf(model.backendProperty().get())),
                model.budgetPercentProperty(), model.backendProperty()));
        VBox budgetRow = new VBox(4, budget, budgetText);

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        grid.addRow(0, new Label("Residency"), residency);
        grid.addRow(1, new Label("Memory budget"), budgetRow);
        grid.addRow(2, new Label("Prefetch (layers ahead)"), spinner("plan-prefetch", 1, 16, model.prefetchProperty()));
        grid.addRow(3, new Label("Threads"), spinner("plan-threads", 1, Runtime.getRuntime().availableProcessors(),
                model.threadsProperty()));
        grid.addRow(4, new Label("Context (tokens)"), spinner("plan-context", 16, 1 << 20, model.contextProperty()));
        GridPane.setHgrow(budgetRow, Priority.ALWAYS);
        return grid;
    }

    /**
     * The budget on a logarithmic scale, from the least the model can stream with (the KV cache, scratch, the
     * always-resident tensors and one layer) up to all of the backend's memory: a 600 MB model's useful
     * budgets lie within the first few percent of a large machine's RAM, which a linear slider cannot reach.
     */
    private Slider budgetSlider() {
        Slider slider = new Slider();
        slider.setId("plan-budget-slider");
        Runnable range = () -> {
            PlanEstimate estimate = model.estimateProperty().get();
            long memory = model.backendProperty().get().memoryBytes();
            // A hair above the minimum, so that rounding bytes to a share and back never lands below it.
            long least = estimate == null ? memory / 100 : Math.min(memory, estimate.minimumBudget() + 4096);
            slider.setMin(Math.log10(least));
            slider.setMax(Math.log10(memory));
            slider.setValue(Math.log10(model.budgetBytes()));
        };
        range.run();
        model.estimateProperty().addListener(o -> range.run());
        model.budgetPercentProperty().addListener((obs, old, now) -> {
            double position = Math.log10(model.budgetBytes());
            if (Math.abs(position - slider.getValue()) > 1e-9) {
                slider.setValue(position);
            }
        });
        slider.valueProperty().addListener((obs, old, now) -> {
            double percent = 100 * Math.pow(10, now.doubleValue()) / model.backendProperty().get().memoryBytes();
            if (Math.abs(Math.log10(model.budgetBytes()) - now.doubleValue()) > 1e-9) {
                model.budgetPercentProperty().set(percent);
            }
        });
        return slider;
    }

    private static String percent(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.0f%%", value)
                : value >= 1 ? String.format(Locale.ROOT, "%.1f%%", value) : String.format(Locale.ROOT, "%.2g%%", value);
    }

    private static Spinner<Integer> spinner(String id, int min, int max, ObjectProperty<Integer> value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max);
        factory.valueProperty().bindBidirectional(value);
        Spinner<Integer> spinner = new Spinner<>(factory);
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.setPrefWidth(130);
        return spinner;
    }

    private void refresh() {
        PlanEstimate estimate = model.estimateProperty().get();
        if (estimate == null) {
            memory.getChildren().clear();
            effect.setText("");
            return;
        }
        MemoryPlan plan = estimate.plan();
        long available = model.backendProperty().get().memoryBytes();
        memory.getChildren().clear();
        row(0, "Weights", Bytes.format(plan.weightsBytes()));
        row(1, "KV cache (" + plan.context() + " tokens)", Bytes.format(plan.kvBytes()));
        row(2, "Scratch", Bytes.format(plan.scratchBytes()));
        // On a GPU the device holds weights, KV cache and scratch; in RAM the process itself counts too.
        boolean onDevice = !model.backendProperty().get().isChoice("cpu");
        long total = onDevice ? plan.deviceBytes() : plan.totalBytes();
        row(3, onDevice ? "Total on the device" : "Total with the process (" + Bytes.format(plan.processBytes()) + ")",
                Bytes.format(total));
        row(4, "Budget", Bytes.format(estimate.budgetBytes()) + " of " + Bytes.format(available));
        row(5, "Runs as", estimate.effectiveResidency().label());
        if (estimate.device() != null && estimate.effectiveResidency() == Residency.STREAMING) {
            // What the device holds of the weights, and how many layers cross the bus every token.
            row(6, "Weights on the device", Bytes.format(Math.min(plan.weightsBytes(), Math.max(0, estimate.deviceWeightsBytes()))));
            row(7, "Layers streaming", estimate.streamedLayers() + " of " + plan.layers() + " per token, through "
                    + estimate.cacheSlots() + " device slots of " + Bytes.format(estimate.device().slotBytes()));
            row(8, "Host memory", Bytes.format(estimate.deviceHostBytes()) + " (the process, the always-resident weights' "
                    + "copies, " + Bytes.format(estimate.device().stagingBytes()) + " of staging)");
        }
        share.setProgress(Math.min(1, (double) total / Math.max(1, estimate.budgetBytes())));
        share.getStyleClass().removeAll("danger", "success");
        share.getStyleClass().add(total <= estimate.budgetBytes() ? "success" : "danger");
        effect.setText(estimate.effect());
    }

    private void row(int index, String label, String value) {
        Label key = new Label(label);
        key.getStyleClass().add("text-muted");
        Label text = new Label(value);
        text.setId("plan-" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-").replaceAll("-$", ""));
        memory.addRow(index, key, text);
    }
}
