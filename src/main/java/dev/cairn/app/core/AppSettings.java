package dev.cairn.app.core;

import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.runtime.Residency;

/**
 * The user's defaults, kept in {@code settings.json} in the data folder.
 *
 * @param budgetPercent the memory budget of a model loaded the first time (weights, KV cache and scratch), as a
 *                      share of the machine's RAM in percent, 1 to 100
 */
public record AppSettings(ThemeChoice theme, int defaultThreads, Residency defaultResidency, int budgetPercent) {

    public AppSettings {
        if (theme == null) {
            theme = ThemeChoice.SYSTEM;
        }
        if (defaultResidency == null) {
            defaultResidency = Residency.AUTO;
        }
        defaultThreads = Math.max(1, defaultThreads);
        budgetPercent = Math.clamp(budgetPercent, 1, 100);
    }

    public static AppSettings defaults() {
        return new AppSettings(ThemeChoice.SYSTEM, CpuBackend.defaultThreads(), Residency.AUTO, 60);
    }
}
