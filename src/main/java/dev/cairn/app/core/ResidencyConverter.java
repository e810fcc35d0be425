package dev.cairn.app.core;

import dev.cairn.runtime.Residency;
import javafx.util.StringConverter;

/** How residency choices read in the wizard and the settings. */
public final class ResidencyConverter extends StringConverter<Residency> {

    @Override
    public String toString(Residency residency) {
        return residency == null ? "" : switch (residency) {
            case AUTO -> "Automatic (resident if it fits the budget)";
            case RESIDENT -> "Resident (all layers in memory)";
            case STREAMING -> "Streaming (layers from disk)";
        };
    }

    @Override
    public Residency fromString(String text) {
        for (Residency r : Residency.values()) {
            if (toString(r).equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a residency: " + text);
    }
}
