package dev.cairn;

import dev.cairn.app.CairnApp;
import dev.cairn.cli.CairnCommand;

/**
 * Entry point of the jar. Not a JavaFX {@code Application} on purpose: the app is on the class path,
 * and the command line must work without a display. No arguments, or only {@code --model FILE}, opens the
 * desktop app; anything else is the command line.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        if (opensDesktop(args)) {
            int exitCode = CairnApp.launchDesktop(args);
            if (exitCode != 0) {
                System.exit(exitCode);
            }
            return;
        }
        System.exit(CairnCommand.run(args));
    }

    static boolean opensDesktop(String[] args) {
        return args.length == 0
                || args.length == 2 && args[0].equals("--model")
                || args.length == 1 && args[0].startsWith("--model=");
    }
}
