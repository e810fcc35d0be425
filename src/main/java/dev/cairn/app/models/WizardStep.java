package dev.cairn.app.models;

/** The model wizard's steps, in order. */
public enum WizardStep {
    CHOOSE("Choose"), REVIEW("Review"), PLAN("Plan"), LOAD("Load");

    private final String title;

    WizardStep(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
