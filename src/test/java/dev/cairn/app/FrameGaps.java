package dev.cairn.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import javafx.animation.AnimationTimer;

/**
 * Records the longest time between two consecutive FX pulses while it runs: a pulse that comes late
 * means the FX thread was busy (or could not run) that long, which the user sees as a frozen window.
 * It also measures the CPU time the FX thread and the renderer used, to tell a busy UI from a busy machine.
 */
final class FrameGaps extends AnimationTimer {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long previous;
    private long longest;
    private long frames;
    private long firstFrame;
    private long span;
    private long fxCpuAtFirstFrame;
    private long fxCpu;
    private long rendererCpuAtFirstFrame;
    private long rendererCpu;

    @Override
    public void handle(long now) {
        long fx = THREADS.getCurrentThreadCpuTime();
        long renderer = rendererCpu();
        if (previous == 0) {
            firstFrame = now;
            fxCpuAtFirstFrame = fx;
            rendererCpuAtFirstFrame = renderer;
        } else {
            longest = Math.max(longest, now - previous);
        }
        previous = now;
        span = now - firstFrame;
        fxCpu = fx - fxCpuAtFirstFrame;
        rendererCpu = renderer - rendererCpuAtFirstFrame;
        frames++;
    }

    /** CPU time of JavaFX's render thread (it draws the frames the FX thread lays out). */
    private static long rendererCpu() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(t -> THREADS.getThreadCpuTime(t.threadId())).sum();
    }

    double longestMillis() {
        return longest / 1e6;
    }

    long frames() {
        return frames;
    }

    /** Share of the measured time the FX thread spent computing. */
    double fxThreadBusyShare() {
        return span == 0 ? 0 : (double) fxCpu / span;
    }

    /** Share of the measured time the renderer spent computing. */
    double rendererBusyShare() {
        return span == 0 ? 0 : (double) rendererCpu / span;
    }
}
