package dev.cairn.download;

import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.ModelSummary;
import dev.cairn.runtime.PlanEstimate;
import dev.cairn.runtime.Residency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a model for this machine with the wizard's own arithmetic ({@link PlanEstimate} over a
 * {@link MemoryPlan}): from the file's size and name before the download ({@link SizeEstimate}), from its
 * header once the first megabytes are in.
 */
public final class FitCheck {

    private FitCheck() {
    }

    /** Before any byte: {@code model} judged from its size and the quantization its name announces. */
    public static Fit estimate(RemoteModel model, long bytesToFetch, Machine machine) {
        if (model.whyNotRunnable().isPresent()) {
            return new Fit(Fit.Verdict.NOT_RUNNABLE, "cannot run here", model.whyNotRunnable().get(), false);
        }
        if (model.size() < 0) {
            return diskOnly(bytesToFetch, machine, false)
                    .orElse(new Fit(Fit.Verdict.UNKNOWN, "size unknown", "the server did not say how large the file is;"
                            + " its header will tell", false));
        }
        return judge(SizeEstimate.plan(model.size(), model.quantization(), machine.contextCap()), bytesToFetch, machine, false);
    }

    /** {@link #estimate} for each of {@code models}, none of them downloaded yet. */
    public static List<Fit> estimateAll(List<RemoteModel> models, Machine machine) {
        return models.stream().map(m -> estimate(m, m.size(), machine)).toList();
    }

    /** Whether any of {@code fits} is a streaming forecast still waiting for the disk's speed. */
    public static boolean needsDiskSpeed(List<Fit> fits, Machine machine) {
        return machine.diskBytesPerSecond() <= 0 && fits.stream().anyMatch(f -> f.verdict() == Fit.Verdict.STREAMS);
    }

    /** Once the header is in: the model as the wizard would plan its first load. */
    public static Fit fromHeader(HeaderReport header, long bytesToFetch, Machine machine) {
        return judge(header.plan(), bytesToFetch, machine, true);
    }

    /** The context a first load plans for: the trained one, at most the cap. */
    static int firstLoadContext(ModelSummary summary, int cap) {
        return Math.min(summary.contextLength(), cap);
    }

    static Fit judge(MemoryPlan plan, long bytesToFetch, Machine machine, boolean fromHeader) {
        Optional<Fit> disk = diskOnly(bytesToFetch, machine, fromHeader);
        if (disk.isPresent()) {
            return disk.get();
        }
        // The least budget that streams, for the default read mode (mmap: a slot is exactly a layer).
        PlanEstimate estimate = new PlanEstimate(plan, machine.residency(), machine.budgetBytes(),
                plan.minimumStreamingBudget(), machine.prefetch(), machine.diskBytesPerSecond());
        String problem = estimate.problem();
        if (problem != null) {
            return new Fit(Fit.Verdict.TOO_BIG, "too big for the memory budget", problem, fromHeader);
        }
        String detail = estimate.effect();
        if (estimate.effectiveResidency() == Residency.RESIDENT) {
            return new Fit(Fit.Verdict.RESIDENT, "fits in memory", detail, fromHeader);
        }
        long perToken = estimate.streamedBytesPerToken();
        String label = perToken == 0 ? "streams, every layer in the cache"
                : machine.diskBytesPerSecond() <= 0 ? "streams (disk speed not measured yet)"
                : "streams at about " + tokensPerSecond(machine.diskBytesPerSecond() / perToken) + " tokens/s";
        return new Fit(Fit.Verdict.STREAMS, label, detail, fromHeader);
    }

    private static Optional<Fit> diskOnly(long bytesToFetch, Machine machine, boolean fromHeader) {
        if (bytesToFetch > machine.freeDiskBytes()) {
            return Optional.of(new Fit(Fit.Verdict.NO_DISK_SPACE, "does not fit the disk", "it needs "
                    + Bytes.format(bytesToFetch) + " and " + Bytes.format(machine.freeDiskBytes()) + " are free", fromHeader));
        }
        return Optional.empty();
    }

    static String tokensPerSecond(double rate) {
        return String.format(Locale.ROOT, rate >= 10 ? "%.0f" : rate >= 1 ? "%.1f" : "%.2f", rate);
    }
}
