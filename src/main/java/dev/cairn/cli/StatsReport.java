package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.MappedPages;
import dev.cairn.runtime.ProcessMemory;
import dev.cairn.runtime.SpeedExplanation;
import dev.cairn.runtime.metrics.EngineMetrics;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The per-token layer-traffic table of {@code --stats} and {@code --stats-json}. */
final class StatsReport {

    private record Row(String label, MetricsSnapshot delta) {
    }

    private final EngineMetrics metrics;
    private final MetricsSnapshot start;
    private final List<Row> rows = new ArrayList<>();
    private MetricsSnapshot last;
    private MetricsSnapshot promptEnd;

    StatsReport(EngineMetrics metrics) {
        this.metrics = metrics;
        this.start = metrics.snapshot();
        this.last = start;
    }

    /** Closes a row with everything since the previous one: the prompt first, then one per token. */
    void mark() {
        MetricsSnapshot now = metrics.snapshot();
        rows.add(new Row(rows.isEmpty() ? "prompt" : String.valueOf(rows.size()), now.minus(last)));
        if (promptEnd == null) {
            promptEnd = now;
        }
        last = now;
    }

    private MetricsSnapshot total() {
        return last.minus(start);
    }

    void print(PrintWriter err) {
        err.printf(Locale.ROOT, "%-8s %6s %6s %10s %11s %11s%n", "token", "sync", "hits", "io wait ms", "compute ms",
                "read MiB");
        for (Row r : rows) {
            MetricsSnapshot d = r.delta();
            err.printf(Locale.ROOT, "%-8s %6d %6d %10.1f %11.1f %11.1f%n", r.label(), d.syncLoads(), d.hits(),
                    d.syncWaitNanos() / 1e6, d.computeNanos() / 1e6, d.bytesRead() / 1048576.0);
        }
        MetricsSnapshot t = total();
        err.printf(Locale.ROOT, "summary: %d tokens, %.2f tok/s; sync loads %.2f/token (%.2f after the first row); "
                        + "hit rate %.1f%%; I/O wait %.1f%%; read %s (%.0f MB/s); peak weights in memory %s (budget %s: the process on the CPU, the weights on a GPU); peak RSS %s%n",
                t.tokens(), t.tokensPerSecond(), t.syncLoadsPerToken(), syncLoadsPerTokenAfterFirst(),
                100 * t.hitRate(), 100 * t.ioWaitShare(), Bytes.format(t.bytesRead()), t.readBytesPerSecond() / 1e6,
                Bytes.format(t.peakCacheBytes()), t.budgetBytes() == 0 ? "none" : Bytes.format(t.budgetBytes()),
                Bytes.format(ProcessMemory.peakResidentBytes()));
        if (t.uploadedBytes() > 0) {
            err.printf(Locale.ROOT, "GPU uploads: %s at %.0f MB/s of upload time; bus-bound speed %.1f tok/s%n",
                    Bytes.format(t.uploadedBytes()), t.uploadBytesPerSecond() / 1e6, t.busBoundTokensPerSecond());
        }
        err.flush();
    }

    /** The decoded tokens' metrics (every row after the prompt), or null when none was decoded. */
    MetricsSnapshot decode() {
        return rows.size() < 2 ? null : last.minus(promptEnd);
    }

    /** The "why this speed" block, after the summary. */
    static void printWhy(PrintWriter err, SpeedExplanation why) {
        err.println("why this speed (decoded tokens):");
        why.describe().lines().forEach(line -> err.println("  " + line));
        err.flush();
    }

    static void writeWhy(ObjectNode root, SpeedExplanation why) {
        ObjectNode node = root.putObject("why").put("bound", why.bound().label()).put("tokens_per_second", why.tokensPerSecond())
                .put("bytes_read_per_token", why.bytesPerToken()).put("disk_bytes_per_second", why.diskBytesPerSecond())
                .put("disk_seconds_per_token", why.diskSeconds())
                .put("disk_bound_tokens_per_second", why.diskBoundTokensPerSecond())
                .put("upload_bytes_per_second", why.uploadBytesPerSecond())
                .put("upload_seconds_per_token", why.uploadSeconds())
                .put("bus_bound_tokens_per_second", why.busBoundTokensPerSecond())
                .put("memory_bytes_per_second", why.memoryBytesPerSecond())
                .put("memory_seconds_per_token", why.memorySeconds())
                .put("compute_seconds_per_token", why.computeSeconds())
                .put("sync_wait_seconds_per_token", why.waitSeconds())
                .put("forecast_tokens_per_second", why.forecastTokensPerSecond())
                .put("suggestion", why.suggestion())
                .put("suggested_tokens_per_second", why.suggestedTokensPerSecond());
        if (why.pages() != null) {
            putPages(node, why.pages());
        }
    }

    /** How the model file is mapped, as {@code bench --json} and the "why" object both report it. */
    static void putPages(ObjectNode node, MappedPages pages) {
        node.put("model_mapped_bytes", pages.residentBytes()).put("model_mapped_2mib_page_bytes", pages.hugePageBytes());
    }

    private double syncLoadsPerTokenAfterFirst() {
        long sync = 0;
        long tokens = 0;
        for (Row r : rows.subList(Math.min(1, rows.size()), rows.size())) {
            sync += r.delta().syncLoads();
            tokens += r.delta().tokens();
        }
        return tokens == 0 ? 0 : (double) sync / tokens;
    }

    void writeJson(Path file, SpeedExplanation why) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode tokens = root.putArray("tokens");
        for (Row r : rows) {
            MetricsSnapshot d = r.delta();
            tokens.addObject().put("label", r.label()).put("tokens", d.tokens()).put("sync_loads", d.syncLoads())
                    .put("prefetch_hits", d.hits()).put("io_wait_ms", d.syncWaitNanos() / 1e6)
                    .put("compute_ms", d.computeNanos() / 1e6).put("bytes_read", d.bytesRead());
        }
        MetricsSnapshot t = total();
        root.putObject("summary").put("tokens", t.tokens()).put("tokens_per_second", t.tokensPerSecond())
                .put("sync_loads_per_token", t.syncLoadsPerToken())
                .put("sync_loads_per_token_after_first", syncLoadsPerTokenAfterFirst())
                .put("hit_rate", t.hitRate()).put("io_wait_share", t.ioWaitShare())
                .put("bytes_read", t.bytesRead()).put("read_bytes_per_second", t.readBytesPerSecond())
                .put("peak_cache_bytes", t.peakCacheBytes()).put("budget_bytes", t.budgetBytes())
                .put("peak_rss_bytes", ProcessMemory.peakResidentBytes());
        if (why != null) {
            writeWhy(root, why);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
