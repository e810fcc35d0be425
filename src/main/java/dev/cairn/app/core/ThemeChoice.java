package dev.cairn.app.core;

/** Light or dark, or whatever the desktop says. */
public enum ThemeChoice {
    SYSTEM("Follow the system"), LIGHT("Light"), DARK("Dark");

    private final String label;

    ThemeChoice(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
