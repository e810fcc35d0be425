package dev.cairn.runtime;

import java.util.Locale;

/** Where a model's layer weights live while it runs. */
public enum Residency {
    /** Every layer mapped into memory for the whole run. */
    RESIDENT,
    /** Layers stream from disk through a bounded layer cache with background prefetch. */
    STREAMING,
    /** Streaming when the process, weights, KV cache and scratch together exceed the memory budget, resident otherwise. */
    AUTO;

    /** Parses {@code resident}, {@code streaming} or {@code auto}, any case. */
    public static Residency parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("residency must be auto, resident or streaming, not '" + text + "'");
        }
    }

    /** What this choice means for {@code plan} within {@code budgetBytes}: {@link #AUTO} resolved, others as they are. */
    public Residency resolve(MemoryPlan plan, long budgetBytes) {
        if (this != AUTO) {
            return this;
        }
        return plan.fitsResident(budgetBytes) ? RESIDENT : STREAMING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
