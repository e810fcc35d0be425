package dev.cairn.app.models;

import dev.cairn.app.core.AppSettings;
import dev.cairn.runtime.BackendChoice;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.cache.ReadMode;
import dev.cairn.tensor.quant.GgmlType;

/**
 * What the Plan step chose for one model; remembered per model file so the next load starts from it.
 *
 * @param budgetPercent the memory budget (weights, KV cache and scratch together) as a share of the backend's
 *                      memory (the machine's RAM for the CPU), in percent: down to what streaming needs,
 *                      which for a small model is a small fraction of one percent
 * @param prefetch      layers read ahead when streaming
 * @param backend       where the model computes, as {@code --backend} takes it: {@code cpu} or {@code vulkan:N}
 */
public record ModelChoices(String backend, Residency residency, double budgetPercent, int prefetch, int threads, int context) {

    public ModelChoices {
        budgetPercent = Math.clamp(budgetPercent, MIN_BUDGET_PERCENT, 100);
        prefetch = Math.max(1, prefetch);
        threads = Math.max(1, threads);
        context = Math.max(2, context);
        if (residency == null) {
            residency = Residency.AUTO;
        }
        if (backend == null) {
            backend = BackendChoice.CPU.toString();
        }
    }

    /** A floor far below any model's streaming minimum, only to keep the share positive. */
    static final double MIN_BUDGET_PERCENT = 1e-4;

    /** The app's defaults for a model whose trained context is {@code modelContext}. */
    public static ModelChoices defaults(AppSettings settings, int modelContext) {
        return new ModelChoices(BackendChoice.CPU.toString(), settings.defaultResidency(), settings.budgetPercent(),
                LoadOptions.DEFAULT_PREFETCH, settings.defaultThreads(), Math.min(modelContext, LoadedModel.DEFAULT_CONTEXT_CAP));
    }

    public MemoryBudget budget() {
        return MemoryBudget.ofShare(budgetPercent / 100.0);
    }

    public LoadOptions loadOptions() {
        return new LoadOptions(threads, context, GgmlType.F16, residency, budget(), prefetch,
                LoadOptions.DEFAULT_IO_THREADS, ReadMode.DIRECT, BackendChoice.parse(backend), null);
    }
}
