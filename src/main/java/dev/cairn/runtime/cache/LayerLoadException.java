package dev.cairn.runtime.cache;

import java.io.UncheckedIOException;

/**
 * A layer could not be read (after retries). The forward pass that needed it fails with this; the model
 * stays usable, and the next request for the layer tries again.
 */
public final class LayerLoadException extends UncheckedIOException {

    public LayerLoadException(String message, java.io.IOException cause) {
        super(message, cause);
    }
}
