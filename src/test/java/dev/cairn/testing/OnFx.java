package dev.cairn.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Runs test code on the JavaFX application thread and waits for it, at most {@link #TIMEOUT_SECONDS}:
 * a blocked FX thread then fails the test instead of hanging the test JVM.
 */
public final class OnFx {

    public static final int TIMEOUT_SECONDS = 10;

    private OnFx() {
    }

    /** Runs {@code action} on the FX thread and returns its result. */
    public static <T> T call(Callable<T> action) {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX action failed: " + e, e);
        }
    }

    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
