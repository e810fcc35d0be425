package dev.cairn.backend;

/**
 * The backend asked for cannot compute here: no Vulkan loader, no such device, a missing device feature,
 * or a model larger than the device's memory. The message is one line that says what is missing and how
 * to get it; the command line exits with code 2 and never falls back to another backend on its own.
 */
public final class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
