package dev.cairn.app.core;

import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.runtime.Residency;
import dev.cairn.server.ServerOptions;

/**
 * The user's defaults, kept in {@code settings.json} in the data folder.
 *
 * @param budgetPercent the memory budget of a model loaded the first time (weights, KV cache and scratch), as a
 *                      share of the machine's RAM in percent, 1 to 100
 * @param serverPort    the port the status bar's switch serves the loaded model on (loopback only; 0: any free port)
 * @param remote        the server the chat may answer with instead of the loaded model
 */
public record AppSettings(ThemeChoice theme, int defaultThreads, Residency defaultResidency, int budgetPercent,
                          Integer serverPort, RemoteSettings remote) {

    public AppSettings {
        if (theme == null) {
            theme = ThemeChoice.SYSTEM;
        }
        if (defaultResidency == null) {
            defaultResidency = Residency.AUTO;
        }
        defaultThreads = Math.max(1, defaultThreads);
        budgetPercent = Math.clamp(budgetPercent, 1, 100);
        serverPort = serverPort == null || serverPort < 0 || serverPort > 65535 ? ServerOptions.DEFAULT_PORT : serverPort;
        remote = remote == null ? RemoteSettings.none() : remote;
    }

    public static AppSettings defaults() {
        return new AppSettings(ThemeChoice.SYSTEM, CpuBackend.defaultThreads(), Residency.AUTO, 60, ServerOptions.DEFAULT_PORT,
                RemoteSettings.none());
    }

    /** These settings with the Settings view's choices. */
    public AppSettings withDefaults(ThemeChoice newTheme, int threads, Residency residency, int budget) {
        return new AppSettings(newTheme, threads, residency, budget, serverPort, remote);
    }

    public AppSettings withServerPort(int port) {
        return new AppSettings(theme, defaultThreads, defaultResidency, budgetPercent, port, remote);
    }

    public AppSettings withRemote(RemoteSettings settings) {
        return new AppSettings(theme, defaultThreads, defaultResidency, budgetPercent, serverPort, settings);
    }
}
