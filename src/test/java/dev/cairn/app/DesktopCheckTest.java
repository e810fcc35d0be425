package dev.cairn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the desktop app checks before JavaFX starts, on machines with and without a window system. */
class DesktopCheckTest {

    private static final Map<String, String> NO_DISPLAY = Map.of();
    private static final Map<String, String> X11 = Map.of("DISPLAY", ":0");

    @Test
    void withoutGtkItNamesThePackage() {
        assertEquals("the desktop app needs GTK 3, which is not installed here: sudo apt-get install libgtk-3-0 (Debian, "
                + "Ubuntu; gtk3 on Fedora); the command line (cairn <command>) works without it",
                DesktopCheck.problem("Linux", null, X11, library -> false));
    }

    @Test
    void withoutADisplayItSaysSo() {
        assertEquals("the desktop app needs a display, and none is set (neither DISPLAY nor WAYLAND_DISPLAY): run it in a "
                + "desktop session, or through ssh -X; the command line (cairn <command>) works without it",
                DesktopCheck.problem("Linux", null, NO_DISPLAY, library -> library.equals(DesktopCheck.GTK)));
        assertNull(DesktopCheck.problem("Linux", "gtk", Map.of("WAYLAND_DISPLAY", "wayland-0"), library -> true));
    }

    @Test
    void otherPlatformsAndJavaFxsHeadlessOneNeedNeither() {
        assertNull(DesktopCheck.problem("Linux", null, X11, library -> true));
        assertNull(DesktopCheck.problem("Linux", "Headless", NO_DISPLAY, library -> false));
        assertNull(DesktopCheck.problem("Mac OS X", null, NO_DISPLAY, library -> false));
    }
}
