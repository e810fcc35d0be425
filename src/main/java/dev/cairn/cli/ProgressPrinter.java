package dev.cairn.cli;

import dev.cairn.download.DownloadListener;
import dev.cairn.download.Fit;
import dev.cairn.download.HeaderReport;
import dev.cairn.download.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;

/**
 * A download's progress on stderr: a bar redrawn in place on a terminal, and otherwise (a log, a pipe) a
 * plain line at every tenth of the file, so logs stay short.
 */
final class ProgressPrinter implements DownloadListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    /** Without a known size: a line every this many bytes. */
    private static final long LINE_EVERY_BYTES = 100L << 20;

    private final PrintWriter err;
    private final boolean terminal;
    private final Function<HeaderReport, Fit> fit;
    private long lastStep = -1;
    private long lastDraw;
    private boolean barShown;

    /** @param fit the model's fit once its header is in */
    ProgressPrinter(PrintWriter err, boolean terminal, Function<HeaderReport, Fit> fit) {
        this.err = err;
        this.terminal = terminal;
        this.fit = fit;
    }

    @Override
    public synchronized void note(String message) {
        endBar();
        err.println(message);
        err.flush();
    }

    @Override
    public synchronized void header(HeaderReport report) {
        Fit judged = fit.apply(report);
        note("header: " + report.describe());
        note("fit (from its header): " + judged.label() + ". " + judged.detail());
    }

    @Override
    public synchronized void progress(Progress progress) {
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS || progress.done() == progress.total()) {
                lastDraw = now;
                err.print("\r" + bar(progress) + "\u001b[K");
                err.flush();
                barShown = true;
            }
            return;
        }
        long step = progress.total() > 0 ? (long) Math.floor(progress.fraction() * 10) : progress.done() / LINE_EVERY_BYTES;
        if (step != lastStep) {
            lastStep = step;
            err.println((progress.total() > 0 ? String.format(Locale.ROOT, "%3d%%  ", step * 10) : "") + progress.describe());
            err.flush();
        }
    }

    /** Ends the bar's line, so what follows starts on a line of its own. */
    synchronized void endBar() {
        if (barShown) {
            err.println();
            barShown = false;
        }
    }

    private static String bar(Progress progress) {
        double fraction = Math.max(0, progress.fraction());
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + (progress.total() > 0 ? String.format(Locale.ROOT, "%3.0f%%  ", fraction * 100) : "") + progress.describe();
    }
}
