package dev.cairn.app.models;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The model-loading wizard: a step header whose steps can be clicked (any step reached so far, so a new
 * model is one click away from any step), the current step, and Back / Next / Load.
 */
public final class ModelWizardView extends BorderPane {

    private final Map<WizardStep, Hyperlink> stepLabels = new EnumMap<>(WizardStep.class);
    private final Map<WizardStep, Node> panes = new EnumMap<>(WizardStep.class);

    public ModelWizardView(ModelWizardViewModel model) {
        setId("model-wizard");
        setPadding(new Insets(16, 24, 16, 24));
        panes.put(WizardStep.CHOOSE, new ChooseStepPane(model));
        panes.put(WizardStep.REVIEW, new ReviewStepPane(model));
        panes.put(WizardStep.PLAN, new PlanStepPane(model));
        panes.put(WizardStep.LOAD, new LoadStepPane(model));
        setTop(header(model));
        setBottom(buttons(model));
        ScrollPane scroll = new ScrollPane();
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        setCenter(scroll);
        BorderPane.setMargin(scroll, new Insets(16, 0, 16, 0));
        model.stepProperty().addListener((obs, old, step) -> show(scroll, step));
        show(scroll, model.stepProperty().get());
    }

    private Node header(ModelWizardViewModel model) {
        HBox steps = new HBox(18);
        steps.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("Load a model");
        title.getStyleClass().add("title-2");
        steps.getChildren().add(title);
        for (WizardStep step : WizardStep.values()) {
            Hyperlink link = new Hyperlink((step.ordinal() + 1) + ". " + step.title());
            link.setId("wizard-step-" + step.name().toLowerCase(Locale.ROOT));
            link.getStyleClass().add("wizard-step");
            link.disableProperty().bind(model.canShow(step).not());
            link.setOnAction(e -> {
                link.setVisited(false);
                model.show(step);
            });
            stepLabels.put(step, link);
            steps.getChildren().add(link);
        }
        return steps;
    }

    private Node buttons(ModelWizardViewModel model) {
        Button back = new Button("Back");
        back.setId("wizard-back");
        back.setOnAction(e -> model.back());
        back.disableProperty().bind(model.stepProperty().isEqualTo(WizardStep.CHOOSE));
        Button next = new Button("Next");
        next.setId("wizard-next");
        next.setDefaultButton(true);
        next.disableProperty().bind(model.canGoNext().not());
        Button load = new Button("Load");
        load.setId("wizard-load");
        load.getStyleClass().add("accent");
        load.disableProperty().bind(model.canLoad().not());
        next.setOnAction(e -> model.next());
        load.setOnAction(e -> model.load());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(8, spring, back, next, load);
        bar.setAlignment(Pos.CENTER_RIGHT);
        return bar;
    }

    private void show(ScrollPane scroll, WizardStep step) {
        scroll.setContent(panes.get(step));
        stepLabels.forEach((s, label) -> {
            label.getStyleClass().remove("current");
            if (s == step) {
                label.getStyleClass().add("current");
            }
        });
    }
}
