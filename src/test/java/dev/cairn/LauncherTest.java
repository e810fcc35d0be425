package dev.cairn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void noArgumentsOrJustAModelOpenTheDesktopAppAnythingElseIsTheCommandLine() {
        assertTrue(Launcher.opensDesktop(new String[0]));
        assertTrue(Launcher.opensDesktop(new String[] {"--model", "m.gguf"}));
        assertTrue(Launcher.opensDesktop(new String[] {"--model=m.gguf"}));
        assertFalse(Launcher.opensDesktop(new String[] {"--help"}));
        assertFalse(Launcher.opensDesktop(new String[] {"generate", "--model", "m.gguf", "--prompt", "x"}));
        assertFalse(Launcher.opensDesktop(new String[] {"--model", "m.gguf", "--prompt", "x"}));
    }
}
