package dev.cairn.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.backend.BackendUnavailableException;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * The device a GPU API's tests run on. Where the API is missing the tests are skipped, except under
 * {@code CI=true}, where CI installs a CPU implementation of every API (lavapipe, PoCL) and a missing
 * one fails the run instead.
 */
public final class GpuDevices {

    private GpuDevices() {
    }

    /** The index {@code preferred} gives, or a skip (a failure under CI=true) naming what {@code fallback} CI runs on. */
    public static int require(IntSupplier preferred, String fallback) {
        String missing;
        try {
            return preferred.getAsInt();
        } catch (BackendUnavailableException e) {
            missing = e.getMessage();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing + " (CI=true: the GPU tests must run, on " + fallback + " if nothing else)");
        }
        Assumptions.abort(missing);
        throw new AssertionError("unreachable");
    }
}
