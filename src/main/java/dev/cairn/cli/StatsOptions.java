package dev.cairn.cli;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.SpeedCheck;
import dev.cairn.runtime.SpeedExplanation;
import dev.cairn.runtime.metrics.EngineMetrics;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --stats} and {@code --stats-json}: layer traffic per token, for commands that generate. */
final class StatsOptions {

    @Option(names = "--stats", description = "Print per-token layer traffic (sync loads, hits, I/O wait, compute) and a summary to stderr.")
    boolean print;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "Write the per-token table and summary as JSON.")
    Path json;

    /** A report to fill, or null when neither option was given. */
    StatsReport start(EngineMetrics metrics) {
        return print || json != null ? new StatsReport(metrics) : null;
    }

    /**
     * Prints and writes the report, with why the decode ran at its speed (measuring the disk and memory now,
     * about a second) when tokens were decoded.
     */
    void finish(StatsReport report, LoadedModel loaded, PrintWriter err) throws IOException {
        if (report == null) {
            return;
        }
        MetricsSnapshot decode = report.decode();
        SpeedExplanation why = decode == null ? null : SpeedCheck.explain(loaded, decode, SpeedCheck.MEASURED);
        if (print) {
            report.print(err);
            if (why != null) {
                StatsReport.printWhy(err, why);
            }
        }
        if (json != null) {
            report.writeJson(json, why);
        }
    }
}
