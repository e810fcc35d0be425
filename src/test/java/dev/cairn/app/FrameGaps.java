package dev.cairn.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import javafx.animation.AnimationTimer;

/**
 * Records the longest time between two consecutive FX pulses while it runs: a pulse that comes late
 * means the FX thread was busy (or could not run) that long, which the user sees as a frozen window.
 * It also measures the CPU time the FX thread and the renderer used, and how long the threads a pulse
 * passes through waited for a CPU while ready to run: subtracting that wait from a gap leaves the delay
 * the app itself caused (its own work, the FX thread blocked, the JVM's pauses), which is what a test
 * can hold the app to on a shared machine.
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
    private long[] rendererIds;
    private RunQueueWait waiting;
    private long[] previousWaits; // (threads) run-queue wait of each watched thread at the last pulse
    private long[] waits;
    private long longestOwn;

    /** Finds the threads to watch before the first frame, so that looking for them delays no frame. */
    @Override
    public void start() {
        rendererIds = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("QuantumRenderer")).mapToLong(Thread::threadId).toArray();
        // A pulse passes from the pulse timer (headless platform) to the FX thread to the renderer.
        waiting = RunQueueWait.ofThreads("Headless Timer", "JavaFX Application Thread", "QuantumRenderer");
        waits = new long[waiting.threads()];
        previousWaits = new long[waiting.threads()];
        super.start();
    }

    @Override
    public void handle(long now) {
        long fx = THREADS.getCurrentThreadCpuTime();
        long renderer = rendererCpu();
        waiting.nanos(waits);
        if (previous == 0) {
            firstFrame = now;
            fxCpuAtFirstFrame = fx;
            rendererCpuAtFirstFrame = renderer;
        } else {
            longest = Math.max(longest, now - previous);
            longestOwn = Math.max(longestOwn, Math.max(0, now - previous - longestWaitSincePrevious()));
        }
        previous = now;
        long[] swap = previousWaits;
        previousWaits = waits;
        waits = swap;
        span = now - firstFrame;
        fxCpu = fx - fxCpuAtFirstFrame;
        rendererCpu = renderer - rendererCpuAtFirstFrame;
        frames++;
    }

    /**
     * The longest time one watched thread waited for a CPU since the previous pulse. The waits of
     * different threads overlap in time, so they are not added up.
     */
    private long longestWaitSincePrevious() {
        long longestWait = 0;
        for (int t = 0; t < waits.length; t++) {
            longestWait = Math.max(longestWait, waits[t] - previousWaits[t]);
        }
        return longestWait;
    }

    /** CPU time of JavaFX's render thread (it draws the frames the FX thread lays out). */
    private long rendererCpu() {
        long sum = 0;
        for (long id : rendererIds) {
            sum += THREADS.getThreadCpuTime(id);
        }
        return sum;
    }

    double longestMillis() {
        return longest / 1e6;
    }

    /** The longest gap less the time the pulse timer, the FX thread and the renderer waited for a CPU in it. */
    double longestOwnMillis() {
        return longestOwn / 1e6;
    }

    /** Whether the run-queue wait could be read (Linux): else {@link #longestOwnMillis()} counts it too. */
    boolean knowsWaits() {
        return waiting.threads() > 0;
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
