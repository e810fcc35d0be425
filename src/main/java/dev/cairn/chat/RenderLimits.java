package dev.cairn.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one render, because templates come from downloaded files: a template that loops without end,
 * builds huge strings or recurses deeply fails with a {@link ChatTemplateException} instead of hanging or
 * exhausting memory.
 *
 * @param maxChars     the longest output, string or list a render may build (characters or items)
 * @param maxSteps     the most statements and expressions one render may evaluate
 * @param timeout      the wall-clock time one render may take
 * @param maxCallDepth the deepest nesting of macro calls
 */
public record RenderLimits(int maxChars, long maxSteps, Duration timeout, int maxCallDepth) {

    /** About 1 MB of output, 10 million steps, 5 seconds, 100 nested macro calls: far above any real chat template. */
    public static final RenderLimits DEFAULT = new RenderLimits(1_000_000, 10_000_000, Duration.ofSeconds(5), 100);

    public RenderLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxChars < 1 || maxSteps < 1 || maxCallDepth < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("render limits must be positive");
        }
    }
}
