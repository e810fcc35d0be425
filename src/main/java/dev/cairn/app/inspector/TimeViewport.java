package dev.cairn.app.inspector;

/**
 * The time window both canvases show: {@code width} pixels ending at {@link #endNanos()}, at
 * {@link #nanosPerPixel()}. Following live keeps the right edge on the newest event; zooming then keeps
 * that edge, otherwise the time under the mouse; dragging pans and stops following.
 */
final class TimeViewport {

    static final double MIN_NANOS_PER_PIXEL = 10;
    static final double MAX_NANOS_PER_PIXEL = 1e9;
    static final double DEFAULT_WINDOW_NANOS = 1e9;

    private double width = 1;
    private boolean sized;
    private double nanosPerPixel = DEFAULT_WINDOW_NANOS;
    private double endNanos;
    private boolean followLive = true;

    double width() {
        return width;
    }

    double nanosPerPixel() {
        return nanosPerPixel;
    }

    double endNanos() {
        return endNanos;
    }

    double startNanos() {
        return endNanos - width * nanosPerPixel;
    }

    boolean followsLive() {
        return followLive;
    }

    /** Changes the width in pixels, keeping the right edge and the scale (the first size shows one second). */
    void resize(double pixels) {
        width = Math.max(1, pixels);
        if (!sized) {
            sized = true;
            nanosPerPixel = clamp(DEFAULT_WINDOW_NANOS / width);
        }
    }

    double x(double nanos) {
        return (nanos - startNanos()) / nanosPerPixel;
    }

    double nanosAt(double x) {
        return startNanos() + x * nanosPerPixel;
    }

    /** Zooms in by {@code factor} (out if below 1) around pixel {@code anchorX}, or the live edge. */
    void zoom(double factor, double anchorX) {
        double anchor = followLive ? width : anchorX;
        double anchored = nanosAt(anchor);
        nanosPerPixel = clamp(nanosPerPixel / factor);
        endNanos = anchored + (width - anchor) * nanosPerPixel;
    }

    /** Moves the content {@code dx} pixels right (showing earlier times) and stops following live. */
    void pan(double dx) {
        followLive = false;
        endNanos -= dx * nanosPerPixel;
    }

    void followLive(boolean follow) {
        followLive = follow;
    }

    /** Moves the right edge to {@code latestNanos} if following live; returns whether the window moved. */
    boolean follow(long latestNanos) {
        if (!followLive || endNanos == latestNanos) {
            return false;
        }
        endNanos = latestNanos;
        return true;
    }

    /** Shows exactly {@code fromNanos..toNanos} and stops following live. */
    void show(double fromNanos, double toNanos) {
        followLive = false;
        nanosPerPixel = clamp((toNanos - fromNanos) / width);
        endNanos = fromNanos + width * nanosPerPixel;
    }

    private static double clamp(double nanos) {
        return Math.clamp(nanos, MIN_NANOS_PER_PIXEL, MAX_NANOS_PER_PIXEL);
    }
}
