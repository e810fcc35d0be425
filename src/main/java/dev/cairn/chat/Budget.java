package dev.cairn.chat;

/**
 * Counts what one render spends against its {@link RenderLimits}. The interpreter checks it cooperatively at
 * every statement, expression and loop iteration, so a runaway template stops on the rendering thread itself,
 * with a clear error, rather than leaving a worker thread spinning that Java cannot kill.
 */
final class Budget {

    private final RenderLimits limits;
    private final long deadline;
    private long steps;

    Budget(RenderLimits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.timeout().toNanos();
    }

    void step() {
        steps++;
        if (steps > limits.maxSteps()) {
            throw new TemplateError("the template ran more than " + limits.maxSteps() + " steps");
        }
        if ((steps & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
            throw new TemplateError("rendering took longer than " + limits.timeout().toMillis() + " ms");
        }
    }

    /** Fails before a string or list of {@code size} characters or items is built, if that is over the limit. */
    void checkSize(long size) {
        if (size > limits.maxChars()) {
            throw new TemplateError("the template built a value of " + size
                    + " characters or items, over the limit of " + limits.maxChars());
        }
    }

    int maxCallDepth() {
        return limits.maxCallDepth();
    }
}
