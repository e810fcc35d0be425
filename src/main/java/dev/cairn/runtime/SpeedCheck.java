package dev.cairn.runtime;

import dev.cairn.runtime.cache.DiskProbe;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import dev.cairn.tensor.MemoryBandwidth;
import java.io.IOException;

/**
 * Explains a run's speed: its own metrics plus the rates a {@link SpeedExplanation} weighs them against,
 * the disk's (only when the run read layers from it) and the memory's.
 */
public final class SpeedCheck {

    /** Enough reads for a steady rate on a fast disk, little beside a token's reads. */
    static final long DISK_SAMPLE_BYTES = 512L << 20;

    /** Where the disk and memory rates come from. */
    public interface Rates {
        double diskBytesPerSecond(LoadedModel model) throws IOException;

        double memoryBytesPerSecond(int threads);
    }

    /**
     * Both measured now, in the same run: the model file read as the layer reader reads it, and memory read
     * by the run's threads. About a second; call it off any thread that must stay responsive.
     */
    public static final Rates MEASURED = new Rates() {
        @Override
        public double diskBytesPerSecond(LoadedModel model) throws IOException {
            return DiskProbe.measureAsStreamed(model.file().path(), DISK_SAMPLE_BYTES).bytesPerSecond();
        }

        @Override
        public double memoryBytesPerSecond(int threads) {
            return MemoryBandwidth.measure(threads);
        }
    };

    private SpeedCheck() {
    }

    /** Explains {@code window} (metrics of decoding passes) of {@code loaded} with rates from {@code rates}. */
    public static SpeedExplanation explain(LoadedModel loaded, MetricsSnapshot window, Rates rates) throws IOException {
        double disk = window.bytesRead() > 0 ? rates.diskBytesPerSecond(loaded) : 0;
        return SpeedExplanation.of(window, loaded.estimate(disk), rates.memoryBytesPerSecond(loaded.threads()),
                MemoryBudget.physicalMemory(), MappedPages.of(loaded.file().segment()).orElse(null));
    }
}
