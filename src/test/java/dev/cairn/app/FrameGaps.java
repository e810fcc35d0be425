package dev.cairn.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import javafx.animation.AnimationTimer;

/**
 * Records the longest time between two consecutive FX pulses while it runs: a pulse that comes late
 * means the FX thread was busy (or could not run) that long, which the user sees as a frozen window.
 * It also measures how much CPU time the FX thread used, to tell a busy FX thread from a busy machine.
 */
final class FrameGaps extends AnimationTimer {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long previous;
    private long longest;
    private long frames;
    private long firstFrame;
    private long fxCpuAtFirstFrame;
    private long fxCpuShareNanos;
    private long span;

    private long rendererAtFirstFrame;
    private long rendererNanos;

    private static long rendererCpu() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(t -> THREADS.getThreadCpuTime(t.threadId())).sum();
    }

    double rendererBusyShare() {
        return span == 0 ? 0 : (double) rendererNanos / span;
    }

    @Override
    public void handle(long now) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        if (previous == 0) {
            firstFrame = now;
            fxCpuAtFirstFrame = cpu;
            rendererAtFirstFrame = rendererCpu();
        } else {
            rendererNanos = rendererCpu() - rendererAtFirstFrame;
            longest = Math.max(longest, now - previous);
        }
        previous = now;
        span = now - firstFrame;
        fxCpuShareNanos = cpu - fxCpuAtFirstFrame;
        frames++;
    }

    double longestMillis() {
        return longest / 1e6;
    }

    long frames() {
        return frames;
    }

    /** Share of the measured time the FX thread spent computing. */
    double fxThreadBusyShare() {
        return span == 0 ? 0 : (double) fxCpuShareNanos / span;
    }
}
