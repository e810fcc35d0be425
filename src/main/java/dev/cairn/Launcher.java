package dev.cairn;

import dev.cairn.cli.CairnCommand;

/**
 * Entry point of the jar. Not a JavaFX {@code Application} on purpose: the app is on the class path,
 * and the command line must work without a display.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(CairnCommand.run(args));
    }
}
