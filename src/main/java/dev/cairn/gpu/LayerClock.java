package dev.cairn.gpu;

import dev.cairn.backend.LayerTimer;
import java.util.Arrays;

/**
 * GPU timestamps (Vulkan timestamp queries, OpenCL kernels' profiling times) at the start and end of every
 * layer's recorded work, turned into host times when the submission that ran them has finished. The device's clock is not the host's: the last timestamp of a
 * submission is taken as the moment the host saw it finish, and the others are placed before it by the
 * device's tick length. A layer that straddles two submissions (an early submit) keeps its start.
 */
public final class LayerClock {

    private final LayerTimer timer;
    private int[] layers = new int[64];   // (spans) layer of each span of this submission
    private int[] starts = new int[64];   // query index of its start, or -1 when it started in an earlier submission
    private int[] ends = new int[64];     // query index of its end, or -1 while open
    private int spans;
    private long carriedStartNanos;       // host time of the start of a span still open across a submit

    public LayerClock(LayerTimer timer) {
        this.timer = timer;
    }

    public void begin(int layer, int query) {
        if (spans == layers.length) {
            layers = Arrays.copyOf(layers, 2 * spans);
            starts = Arrays.copyOf(starts, 2 * spans);
            ends = Arrays.copyOf(ends, 2 * spans);
        }
        layers[spans] = layer;
        starts[spans] = query;
        ends[spans] = -1;
        spans++;
    }

    public void end(int query) {
        if (spans > 0) {
            ends[spans - 1] = query;
        }
    }

    /**
     * The submission's {@code count} timestamps have been read back ({@code ticks}), {@code finishedNanos}
     * being when the host saw it finish: reports every closed span and carries an open one over.
     */
    public void resolved(long[] ticks, int count, double nanosPerTick, long finishedNanos) {
        long last = 0;
        for (int i = 0; i < count; i++) {
            last = Math.max(last, ticks[i]);
        }
        int open = -1;
        for (int s = 0; s < spans; s++) {
            long start = starts[s] < 0 ? carriedStartNanos : host(ticks[starts[s]], last, nanosPerTick, finishedNanos);
            if (ends[s] < 0) {
                open = s;
                carriedStartNanos = start;
            } else {
                timer.layerComputed(layers[s], start, host(ticks[ends[s]], last, nanosPerTick, finishedNanos));
            }
        }
        spans = 0;
        if (open >= 0) {
            layers[0] = layers[open];
            starts[0] = -1;
            ends[0] = -1;
            spans = 1;
        }
    }

    private static long host(long tick, long lastTick, double nanosPerTick, long finishedNanos) {
        return finishedNanos - Math.round((lastTick - tick) * nanosPerTick);
    }
}
