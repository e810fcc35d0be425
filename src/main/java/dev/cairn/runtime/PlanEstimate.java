package dev.cairn.runtime;

import dev.cairn.runtime.cache.CachePlan;
import java.util.Locale;

/**
 * What a choice of residency and budget means for a model: the residency the engine will pick, whether
 * it can run at all, and the expected effect on speed given how fast this machine reads the file (and, on
 * a GPU, how fast it uploads to the device).
 *
 * <p>On the CPU the budget is the whole process's memory ({@link MemoryPlan}). On a GPU ({@code device}
 * not null) it is what the device holds of the model: the weights within it, the KV cache and scratch; the
 * weights that do not fit stream through device slots, crossing the bus once per token.
 *
 * @param minimumBudget      the least budget the engine streams this model with, in the read mode it will use
 *                           (the always-resident tensors, KV cache, scratch and one layer's slot)
 * @param prefetch           layers read ahead when streaming
 * @param diskBytesPerSecond measured read speed, 0 while unknown
 * @param device             the GPU the plan is made against; null on the CPU
 */
public record PlanEstimate(MemoryPlan plan, Residency chosen, long budgetBytes, long minimumBudget, int prefetch,
                           double diskBytesPerSecond, Device device) {

    /**
     * A GPU's side of a plan.
     *
     * @param memoryBytes          the device's memory
     * @param slotBytes            device bytes of one streamed layer's slot
     * @param stagingBytes         host memory the staging buffers take when layers stream into the device
     * @param uploadBytesPerSecond the measured host-to-device rate, 0 while unknown
     */
    public record Device(long memoryBytes, long slotBytes, long stagingBytes, double uploadBytesPerSecond) {
    }

    /** A plan on the CPU. */
    public PlanEstimate(MemoryPlan plan, Residency chosen, long budgetBytes, long minimumBudget, int prefetch,
            double diskBytesPerSecond) {
        this(plan, chosen, budgetBytes, minimumBudget, prefetch, diskBytesPerSecond, null);
    }

    /** The least device budget streaming needs: the always-resident weights, one slot, the KV cache and scratch. */
    public static long minimumDeviceBudget(MemoryPlan plan, long slotBytes) {
        return plan.residentBytes() + slotBytes + plan.kvBytes() + plan.scratchBytes();
    }

    /** On a GPU: the device memory the weights may take, what {@code --gpu-budget} gives the engine. */
    public long deviceWeightsBytes() {
        return budgetBytes - plan.kvBytes() - plan.scratchBytes();
    }

    /**
     * On a GPU, host memory beside the device's: the process, and when layers stream the always-resident
     * weights' copies and the staging buffers ({@link MemoryPlan#hostBytesStreamingToDevice}).
     */
    public long deviceHostBytes() {
        return effectiveResidency() == Residency.STREAMING ? plan.hostBytesStreamingToDevice(device.stagingBytes())
                : plan.processBytes();
    }

    /** What {@link Residency#AUTO} resolves to, as the engine decides it. */
    public Residency effectiveResidency() {
        if (device == null) {
            return chosen.resolve(plan, budgetBytes);
        }
        return chosen == Residency.AUTO
                ? (plan.weightsBytes() <= deviceWeightsBytes() ? Residency.RESIDENT : Residency.STREAMING) : chosen;
    }

    /** Why this plan cannot load, or null when it can. */
    public String problem() {
        if (effectiveResidency() == Residency.STREAMING && budgetBytes < minimumBudget) {
            return "The budget is below the " + Bytes.format(minimumBudget) + " streaming needs (the KV cache, scratch, "
                    + "the always-resident tensors and one layer" + (device == null ? ")." : "'s slot on the device).");
        }
        if (device != null && effectiveResidency() == Residency.RESIDENT && plan.weightsBytes() > deviceWeightsBytes()) {
            return "The weights (" + Bytes.format(plan.weightsBytes()) + ") do not fit the device budget beside the KV cache "
                    + "and scratch: choose Auto to stream layers through the device, or a larger budget.";
        }
        return null;
    }

    /** The layer cache's plan: slots of the largest layer in RAM, or device slots on a GPU. */
    private CachePlan cachePlan() {
        if (device == null) {
            return plan.cachePlan(plan.cacheBytes(budgetBytes), prefetch);
        }
        long slots = (deviceWeightsBytes() - plan.residentBytes()) / Math.max(1, device.slotBytes());
        return CachePlan.of(plan.layers(), (int) Math.clamp(slots, 1, plan.layers()), prefetch);
    }

    /** Layer bytes read from disk per token (on a GPU, also uploaded to the device); 0 when resident. */
    public long streamedBytesPerToken() {
        return effectiveResidency() == Residency.RESIDENT ? 0 : plan.streamedBytesPerToken(cachePlan());
    }

    /** Layers the cache keeps loaded for the whole run: all of them when resident. */
    public int pinnedLayers() {
        return effectiveResidency() == Residency.RESIDENT ? plan.layers() : cachePlan().pinned();
    }

    /** Slots of the layer cache when streaming: in RAM, or on the device. */
    public int cacheSlots() {
        return cachePlan().slots();
    }

    /** Layers read (and on a GPU uploaded) every token. */
    public int streamedLayers() {
        return effectiveResidency() == Residency.RESIDENT ? 0 : cachePlan().layersReadPerPass();
    }

    /** The same model and machine with another budget: what a larger one would pin and how fast it would run. */
    public PlanEstimate withBudget(long budget) {
        return new PlanEstimate(plan, chosen, budget, minimumBudget, prefetch, diskBytesPerSecond, device);
    }

    /** The same model and budget on a disk reading at {@code bytesPerSecond}. */
    public PlanEstimate withDisk(double bytesPerSecond) {
        return new PlanEstimate(plan, chosen, budgetBytes, minimumBudget, prefetch, bytesPerSecond, device);
    }

    /** The same model and budget on a bus uploading at {@code bytesPerSecond} (on a GPU). */
    public PlanEstimate withUpload(double bytesPerSecond) {
        return new PlanEstimate(plan, chosen, budgetBytes, minimumBudget, prefetch, diskBytesPerSecond,
                new Device(device.memoryBytes(), device.slotBytes(), device.stagingBytes(), bytesPerSecond));
    }

    /** The seconds per token the bus needs for the streamed bytes at the measured upload rate; 0 off a GPU or unknown. */
    public double uploadSecondsPerToken() {
        return device != null && device.uploadBytesPerSecond() > 0 ? streamedBytesPerToken() / device.uploadBytesPerSecond() : 0;
    }

    /**
     * The forecast: tokens per second when a token's compute takes {@code computeSecondsPerToken} (0 when not
     * known, as in the wizard before anything ran). Reads and uploads run on I/O threads while layers compute,
     * so a token takes the longest of reading its streamed bytes at the disk's rate, uploading them at the
     * bus's rate, and computing; 0 when none is known.
     */
    public double forecastTokensPerSecond(double computeSecondsPerToken) {
        double diskSeconds = diskBytesPerSecond > 0 ? streamedBytesPerToken() / diskBytesPerSecond : 0;
        double seconds = Math.max(Math.max(diskSeconds, uploadSecondsPerToken()), computeSecondsPerToken);
        return seconds > 0 ? 1 / seconds : 0;
    }

    /** One sentence: "streams 3.1 GiB per token; disk reads at 400 MB/s here → about 0.1 tokens/s". */
    public String effect() {
        String problem = problem();
        if (problem != null) {
            return problem;
        }
        if (effectiveResidency() == Residency.RESIDENT) {
            if (device != null) {
                return "All " + Bytes.format(plan.weightsBytes()) + " of weights stay in device memory: nothing crosses "
                        + "the bus per token.";
            }
            String over = plan.fitsResident(budgetBytes) ? "" : " It needs more than the budget: the system may page.";
            return "All " + Bytes.format(plan.weightsBytes()) + " of weights stay in memory: no disk reads per token." + over;
        }
        long perToken = streamedBytesPerToken();
        if (perToken == 0) {
            return "The layer cache holds every layer: after the first token nothing is read from disk.";
        }
        if (device != null) {
            return deviceEffect(perToken);
        }
        String streams = "Streams " + Bytes.format(perToken) + " per token";
        if (diskBytesPerSecond <= 0) {
            return streams + "; measuring the disk…";
        }
        return String.format(Locale.ROOT, "%s; disk reads at %.0f MB/s here → about %.2f tokens/s at most.", streams,
                diskBytesPerSecond / 1e6, forecastTokensPerSecond(0));
    }

    private String deviceEffect(long perToken) {
        String streams = String.format(Locale.ROOT, "%d of %d layers stream through the device (%d stay there): %s cross "
                + "the bus per token", streamedLayers(), plan.layers(), plan.layers() - streamedLayers(), Bytes.format(perToken));
        if (device.uploadBytesPerSecond() <= 0 || diskBytesPerSecond <= 0) {
            return streams + "; measuring the " + (device.uploadBytesPerSecond() <= 0 ? "upload rate" : "disk") + "…";
        }
        return String.format(Locale.ROOT, "%s; uploads at %.0f MB/s, the disk at %.0f MB/s → about %.2f tokens/s at most.",
                streams, device.uploadBytesPerSecond() / 1e6, diskBytesPerSecond / 1e6, forecastTokensPerSecond(0));
    }
}
