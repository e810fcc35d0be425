package dev.cairn.app;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the desktop app needs from a Linux machine before JavaFX is started, so that a server-like machine
 * gets one line naming what is missing instead of JavaFX's stack trace: GTK 3 (JavaFX's windowing toolkit
 * on Linux) and a display to show the window on. JavaFX's other platforms (its headless one, say) need neither.
 */
final class DesktopCheck {

    static final String GTK = "libgtk-3.so.0";
    private static final String COMMAND_LINE = "; the command line (cairn <command>) works without it";

    private DesktopCheck() {
    }

    /** The problem on this machine, or null when the app can try to open its window. */
    static String problem() {
        return problem(System.getProperty("os.name", ""), System.getProperty("glass.platform"), System.getenv(),
                DesktopCheck::loads);
    }

    /**
     * @param glassPlatform JavaFX's {@code glass.platform} setting (null: the default, GTK on Linux)
     * @param libraryLoads  whether a shared library of that name can be loaded
     */
    static String problem(String osName, String glassPlatform, Map<String, String> environment, Predicate<String> libraryLoads) {
        boolean gtk = glassPlatform == null || glassPlatform.equalsIgnoreCase("gtk");
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || !gtk) {
            return null;
        }
        if (!libraryLoads.test(GTK)) {
            return "the desktop app needs GTK 3, which is not installed here: sudo apt-get install libgtk-3-0 "
                    + "(Debian, Ubuntu; gtk3 on Fedora)" + COMMAND_LINE;
        }
        if (isBlank(environment.get("DISPLAY")) && isBlank(environment.get("WAYLAND_DISPLAY"))) {
            return "the desktop app needs a display, and none is set (neither DISPLAY nor WAYLAND_DISPLAY): run it in a "
                    + "desktop session, or through ssh -X" + COMMAND_LINE;
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean loads(String library) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(library, arena);
            return true;
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return false;
        }
    }
}
