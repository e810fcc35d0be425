package dev.cairn.runtime;

import dev.cairn.runtime.metrics.MetricsSnapshot;
import java.util.Locale;

/**
 * Why a run decodes at the speed it does: which of disk, the bus (uploads to a GPU), memory bandwidth,
 * compute or synchronous misses bounds it, with each one's seconds per token, and what would change it, forecast by the same
 * {@link PlanEstimate} the wizard shows, fed with this run's measured compute.
 *
 * <p>Per forward pass (a decoded token): the disk needs the bytes streamed ÷ the disk's measured rate; memory needs the
 * weights computed on (every layer, pinned or streamed) ÷ the measured memory bandwidth; compute is the
 * forward pass's measured time on the layers (which includes its memory reads); synchronous misses are the
 * pass's measured waits for layers not yet read. Reads overlap compute, so the disk bounds the run when it
 * needs longer than the compute; otherwise waits that take a real share of the token mean reads started too
 * late; otherwise compute bounds it, by memory bandwidth when its time is mostly the time to read the weights.
 * On a GPU streaming run the bus needs the pass's upload time (the bytes uploaded ÷ the measured upload
 * rate); uploads overlap compute too, so the bus bounds the run when it needs longer than the compute and
 * the disk. The host's memory bandwidth says nothing about a GPU's kernels: it is not weighed there.
 *
 * @param tokensPerSecond    measured speed: passes per second of the pass's time in layers (computing or
 *                           waiting), so time between answers does not count
 * @param bytesPerToken      layer bytes read from disk per token
 * @param diskBytesPerSecond the disk's measured rate (0 when not measured)
 * @param uploadBytesPerSecond the upload rate this run measured into the GPU (0 off a GPU or when nothing streamed)
 * @param uploadSeconds      seconds per token of uploads
 * @param memoryBytesPerSecond the memory bandwidth measured with the run's threads (0 when not measured or on a GPU)
 * @param forecastTokensPerSecond what the wizard's forecast ({@link PlanEstimate}) gives for this run with
 *                           its measured compute: to compare with the measured speed
 * @param suggestedBudgetBytes the budget the suggestion names (on a GPU its {@code --gpu-budget}), 0 when it names none
 * @param pages              how the model file is mapped now, 2 MiB pages or 4 KiB (README, "Page size"); null
 *                           where not known
 */
public record SpeedExplanation(Bound bound, double tokensPerSecond, long bytesPerToken, double diskBytesPerSecond,
                               double diskSeconds, double uploadBytesPerSecond, double uploadSeconds, double memoryBytesPerSecond, double memorySeconds,
                               double computeSeconds, double waitSeconds, double forecastTokensPerSecond,
                               String suggestion, double suggestedTokensPerSecond, long suggestedBudgetBytes,
                               MappedPages pages) {

    /** What bounds the speed. */
    public enum Bound {
        DISK("disk"), BUS("the bus (uploads to the GPU)"), MEMORY_BANDWIDTH("memory bandwidth"), COMPUTE("compute"), SYNC_MISSES("synchronous misses");

        private final String label;

        Bound(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Waits above this share of a token mean the reads did not run far enough ahead. */
    static final double WAIT_SHARE = 0.25;
    /** Compute this close to the time to read the weights from memory is bound by memory. */
    static final double MEMORY_SHARE = 0.8;
    /** Of the machine's memory, the most a suggested budget asks for: the rest stays with the system. */
    static final double SUGGESTED_MEMORY_SHARE = 0.85;
    /** Of a GPU's memory, the most a suggested GPU budget asks for (as the default GPU budget leaves). */
    static final double SUGGESTED_DEVICE_SHARE = 0.90;

    /**
     * Explains {@code decode} (the metrics of decoding passes) under {@code estimate} (this run's plan,
     * budget, prefetch and measured disk rate), with {@code physicalMemory} bytes on the machine and the
     * model file mapped as {@code pages} (null where not known).
     */
    public static SpeedExplanation of(MetricsSnapshot decode, PlanEstimate estimate, double memoryBytesPerSecond,
            long physicalMemory, MappedPages pages) {
        long tokens = Math.max(1, decode.passes());
        double tokenSeconds = (decode.computeNanos() + decode.syncWaitNanos()) / 1e9 / tokens;
        long bytesPerToken = decode.bytesRead() / tokens;
        double disk = estimate.diskBytesPerSecond();
        double diskSeconds = disk > 0 ? bytesPerToken / disk : 0;
        boolean onGpu = estimate.device() != null;
        double upload = decode.uploadedBytes() > 0 ? decode.uploadBytesPerSecond() : 0;
        double uploadSeconds = decode.uploadNanos() / 1e9 / tokens;
        double memory = onGpu ? 0 : memoryBytesPerSecond;
        double memorySeconds = memory > 0 ? estimate.plan().weightsBytes() / memory : 0;
        double computeSeconds = decode.computeNanos() / 1e9 / tokens;
        double waitSeconds = decode.syncWaitNanos() / 1e9 / tokens;
        Bound bound;
        if (uploadSeconds > 0 && uploadSeconds >= computeSeconds && uploadSeconds >= diskSeconds) {
            bound = Bound.BUS;
        } else if (diskSeconds > 0 && diskSeconds >= computeSeconds) {
            bound = Bound.DISK;
        } else if (waitSeconds > WAIT_SHARE * tokenSeconds) {
            bound = Bound.SYNC_MISSES;
        } else if (memorySeconds >= MEMORY_SHARE * computeSeconds) {
            bound = Bound.MEMORY_BANDWIDTH;
        } else {
            bound = Bound.COMPUTE;
        }
        double now = estimate.forecastTokensPerSecond(computeSeconds);
        String suggestion;
        double suggested;
        long suggestedBudget = 0;
        switch (bound) {
            case BUS -> {
                // More of the model on the device: fewer layers cross the bus every token.
                long roomy = (long) (SUGGESTED_DEVICE_SHARE * estimate.device().memoryBytes());
                long enough = Math.min(roomy, estimate.plan().deviceBytes());
                PlanEstimate larger = estimate.withBudget(enough);
                int fewer = estimate.streamedLayers() - larger.streamedLayers();
                if (enough > estimate.budgetBytes() && fewer > 0) {
                    suggested = larger.forecastTokensPerSecond(computeSeconds);
                    suggestedBudget = larger.deviceWeightsBytes();
                    suggestion = String.format(Locale.ROOT, "a --gpu-budget of %s streams %d fewer layers over the bus: about %.3f "
                            + "tokens/s instead of %.3f", Bytes.format(suggestedBudget), fewer, suggested, now);
                } else {
                    suggested = estimate.withUpload(2 * estimate.device().uploadBytesPerSecond()).forecastTokensPerSecond(computeSeconds);
                    suggestion = String.format(Locale.ROOT, "no larger GPU budget fits this device; a bus twice as fast: about "
                            + "%.3f tokens/s instead of %.3f", suggested, now);
                }
            }
            case DISK -> {
                long roomy = (long) (SUGGESTED_MEMORY_SHARE * physicalMemory);
                long enough = Math.min(roomy, estimate.plan().totalBytes());
                PlanEstimate larger = estimate.withBudget(enough);
                int morePinned = larger.pinnedLayers() - estimate.pinnedLayers();
                if (enough > estimate.budgetBytes() && morePinned > 0) {
                    suggested = larger.forecastTokensPerSecond(computeSeconds);
                    suggestedBudget = enough;
                    suggestion = String.format(Locale.ROOT, "a %s budget pins %d more layers: about %.3f tokens/s instead of %.3f",
                            Bytes.format(enough), morePinned, suggested, now);
                } else {
                    suggested = estimate.withDisk(2 * disk).forecastTokensPerSecond(computeSeconds);
                    suggestion = String.format(Locale.ROOT, "no larger budget fits this machine; a disk twice as fast: about %.3f tokens/s instead of %.3f",
                            suggested, now);
                }
            }
            case SYNC_MISSES -> {
                suggested = now;
                suggestion = String.format(Locale.ROOT, "reading further ahead (--prefetch %d) hides the waits: about %.3f tokens/s instead of %.3f",
                        estimate.prefetch() + 2, suggested, tokensPerSecond(tokenSeconds));
            }
            case MEMORY_BANDWIDTH -> {
                suggested = now;
                suggestion = String.format(Locale.ROOT, "a smaller quantization reads fewer bytes per token; the budget changes nothing (about %.3f tokens/s)",
                        suggested);
            }
            default -> {
                suggested = now;
                suggestion = String.format(Locale.ROOT, "more cores or faster kernels; a larger budget changes nothing (about %.3f tokens/s)",
                        suggested);
            }
        }
        return new SpeedExplanation(bound, tokensPerSecond(tokenSeconds), bytesPerToken, disk, diskSeconds, upload,
                uploadSeconds, memory, memorySeconds, computeSeconds, waitSeconds, now, suggestion, suggested, suggestedBudget,
                pages);
    }

    private static double tokensPerSecond(double seconds) {
        return seconds > 0 ? 1 / seconds : 0;
    }

    /** The disk-bound limit: tokens per second if only reading the streamed bytes took time. */
    public double diskBoundTokensPerSecond() {
        return tokensPerSecond(diskSeconds);
    }

    /** The bus-bound limit: tokens per second if only uploading the streamed layers took time (0 off a GPU). */
    public double busBoundTokensPerSecond() {
        return tokensPerSecond(uploadSeconds);
    }

    /** Lines for {@code --stats} and the inspector: the bound, each limit, and what would change it. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "bound: %s at %.3f tokens/s (%.2f s per token)%n", bound.label(),
                tokensPerSecond, tokensPerSecond > 0 ? 1 / tokensPerSecond : 0));
        s.append(diskBytesPerSecond > 0
                ? String.format(Locale.ROOT, "disk: %s per token ÷ %.0f MB/s = %.2f s (limit %.3f tokens/s, %.0f%% reached)%n",
                        Bytes.format(bytesPerToken), diskBytesPerSecond / 1e6, diskSeconds, diskBoundTokensPerSecond(),
                        diskSeconds > 0 ? 100 * tokensPerSecond * diskSeconds : 0)
                : String.format(Locale.ROOT, "disk: %s per token, rate not measured%n", Bytes.format(bytesPerToken)));
        if (uploadSeconds > 0) {
            s.append(String.format(Locale.ROOT, "bus: uploads to the GPU at %.0f MB/s = %.2f s (limit %.3f tokens/s, %.0f%% reached)%n",
                    uploadBytesPerSecond / 1e6, uploadSeconds, busBoundTokensPerSecond(), 100 * tokensPerSecond * uploadSeconds));
        }
        s.append(memoryBytesPerSecond > 0
                ? String.format(Locale.ROOT, "memory bandwidth: weights ÷ %.1f GB/s = %.2f s%n", memoryBytesPerSecond / 1e9, memorySeconds)
                : "memory bandwidth: not measured\n");
        s.append(String.format(Locale.ROOT, "compute: %.2f s; synchronous misses: %.2f s waiting%n", computeSeconds, waitSeconds));
        if (pages != null) {
            s.append("pages: model file, ").append(pages.describe()).append('\n');
        }
        s.append(String.format(Locale.ROOT, "forecast (the wizard's model with this compute): %.3f tokens/s%n",
                forecastTokensPerSecond));
        s.append("what would change it: ").append(suggestion).append('\n');
        return s.toString();
    }
}
