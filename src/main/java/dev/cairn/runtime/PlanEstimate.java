package dev.cairn.runtime;

import java.util.Locale;

/**
 * What a choice of residency and budget means for a model: the residency the engine will pick, whether
 * it can run at all, and the expected effect on speed given how fast this machine reads the file.
 *
 * @param minimumBudget      the least budget the engine streams this model with, in the read mode it will use
 *                           (the always-resident tensors, KV cache, scratch and one layer's slot)
 * @param prefetch           layers read ahead when streaming
 * @param diskBytesPerSecond measured read speed, 0 while unknown
 */
public record PlanEstimate(MemoryPlan plan, Residency chosen, long budgetBytes, long minimumBudget, int prefetch,
                           double diskBytesPerSecond) {

    /** What {@link Residency#AUTO} resolves to, as the engine decides it. */
    public Residency effectiveResidency() {
        return chosen.resolve(plan, budgetBytes);
    }

    /** Why this plan cannot load, or null when it can. */
    public String problem() {
        if (effectiveResidency() == Residency.STREAMING && budgetBytes < minimumBudget) {
            return "The budget is below the " + Bytes.format(minimumBudget)
                    + " streaming needs (the KV cache, scratch, the always-resident tensors and one layer).";
        }
        return null;
    }

    public long streamedBytesPerToken() {
        return effectiveResidency() == Residency.RESIDENT ? 0 : plan.streamedBytesPerToken(plan.cacheBytes(budgetBytes), prefetch);
    }

    /** Layers the cache keeps loaded for the whole run: all of them when resident. */
    public int pinnedLayers() {
        return effectiveResidency() == Residency.RESIDENT ? plan.layers()
                : plan.cachePlan(plan.cacheBytes(budgetBytes), prefetch).pinned();
    }

    /** The same model and machine with another budget: what a larger one would pin and how fast it would run. */
    public PlanEstimate withBudget(long budget) {
        return new PlanEstimate(plan, chosen, budget, minimumBudget, prefetch, diskBytesPerSecond);
    }

    /** The same model and budget on a disk reading at {@code bytesPerSecond}. */
    public PlanEstimate withDisk(double bytesPerSecond) {
        return new PlanEstimate(plan, chosen, budgetBytes, minimumBudget, prefetch, bytesPerSecond);
    }

    /**
     * The forecast: tokens per second when a token's compute takes {@code computeSecondsPerToken} (0 when not
     * known, as in the wizard before anything ran). Reads run on I/O threads while layers compute, so a token
     * takes the longer of reading its streamed bytes at the disk's rate and computing; 0 when neither is known.
     */
    public double forecastTokensPerSecond(double computeSecondsPerToken) {
        double diskSeconds = diskBytesPerSecond > 0 ? streamedBytesPerToken() / diskBytesPerSecond : 0;
        double seconds = Math.max(diskSeconds, computeSecondsPerToken);
        return seconds > 0 ? 1 / seconds : 0;
    }

    /** One sentence: "streams 3.1 GiB per token; disk reads at 400 MB/s here → about 0.1 tokens/s". */
    public String effect() {
        String problem = problem();
        if (problem != null) {
            return problem;
        }
        if (effectiveResidency() == Residency.RESIDENT) {
            String over = plan.fitsResident(budgetBytes) ? "" : " It needs more than the budget: the system may page.";
            return "All " + Bytes.format(plan.weightsBytes()) + " of weights stay in memory: no disk reads per token." + over;
        }
        long perToken = streamedBytesPerToken();
        if (perToken == 0) {
            return "The layer cache holds every layer: after the first token nothing is read from disk.";
        }
        String streams = "Streams " + Bytes.format(perToken) + " per token";
        if (diskBytesPerSecond <= 0) {
            return streams + "; measuring the disk…";
        }
        return String.format(Locale.ROOT, "%s; disk reads at %.0f MB/s here → about %.2f tokens/s at most.", streams,
                diskBytesPerSecond / 1e6, forecastTokensPerSecond(0));
    }
}
