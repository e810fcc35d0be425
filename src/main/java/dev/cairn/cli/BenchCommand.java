package dev.cairn.cli;

import dev.cairn.runtime.Bytes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.InferenceState;
import dev.cairn.model.Transformer;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MappedPages;
import dev.cairn.runtime.ProcessMemory;
import dev.cairn.runtime.cache.DiskProbe;
import dev.cairn.runtime.cache.NativeIo;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Measures prompt processing and decoding speed on fixed pseudo-random tokens, so figures do not depend
 * on the text or on when the model would stop.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure prompt and generation tokens per second.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--prompt-tokens", paramLabel = "N", defaultValue = "128", description = "Prompt length (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", paramLabel = "N", defaultValue = "64", description = "Tokens to decode (default: ${DEFAULT-VALUE}).")
    int genTokens;

    @Mixin
    StatsOptions stats;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--drop-caches", description = "Drop the model file from the page cache before timing (a cold start).")
    boolean dropCaches;

    @Option(names = "--disk-probe", description = "Measure the disk's read speed on the model file (O_DIRECT) and relate streaming to it.")
    boolean diskProbe;

    @Option(names = "--peer", paramLabel = "NAME", description = "Also run another engine on the same model and print ratios: llamacpp (native llama.cpp on the CPU) or llamacpp-jni (its Java binding, a test oracle).")
    String peer;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Rounds to time (Cairn, then the peer, N times over); figures are the medians (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Spec
    CommandSpec spec;

    /** Tokens run before timing so the JIT has compiled the kernels, as llama-bench's warm-up run does. */
    private static final int WARM_UP_TOKENS = 8;

    private static final long DISK_PROBE_BYTES = 1L << 30;

    private static void warmUp(Transformer transformer, LoadedModel loaded, int vocab, SplittableRandom random) {
        try (InferenceState scratch = loaded.newState(2 * WARM_UP_TOKENS)) {
            transformer.forwardPrompt(scratch, random.ints(WARM_UP_TOKENS, 0, vocab).toArray());
            for (int i = 0; i < WARM_UP_TOKENS; i++) {
                transformer.forward(scratch, random.nextInt(vocab));
            }
        }
    }

    /** Native llama.cpp by name; other peers (the JNI binding, a test oracle) from the benchmark class path. */
    private static BenchPeer findPeer(String name) {
        if (name.equals(NativeLlamaCppPeer.NAME)) {
            return NativeLlamaCppPeer.fromEnvironment();
        }
        return java.util.ServiceLoader.load(BenchPeer.class).stream().map(java.util.ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no benchmark peer '" + name + "': peers are "
                        + NativeLlamaCppPeer.NAME + " (native llama.cpp) and, on a checkout's benchmark class path, llamacpp-jni"));
    }

    /**
     * One timed round: Cairn's prompt and decode rates, the engine's activity during the decode, and the
     * peer's figures (null without a peer).
     */
    private record Round(double promptRate, double decodeRate, MetricsSnapshot decode, BenchPeer.Speed peer) {

        Round withPeer(BenchPeer.Speed speed) {
            return new Round(promptRate, decodeRate, decode, speed);
        }
    }

    /** Times one prompt pass and {@code genTokens} decode steps on {@code state}. */
    private Round timeRound(LoadedModel loaded, InferenceState state, int[] prompt, SplittableRandom random, int vocab,
            StatsReport report) {
        Transformer transformer = loaded.transformer();
        long t0 = System.nanoTime();
        transformer.forwardPrompt(state, prompt);
        long t1 = System.nanoTime();
        if (report != null) {
            report.mark();
        }
        MetricsSnapshot decodeStart = loaded.metrics().snapshot();
        for (int i = 0; i < genTokens; i++) {
            transformer.forward(state, random.nextInt(vocab));
            if (report != null) {
                report.mark();
            }
        }
        long t2 = System.nanoTime();
        return new Round(promptTokens / ((t1 - t0) / 1e9), genTokens / ((t2 - t1) / 1e9),
                loaded.metrics().snapshot().minus(decodeStart), null);
    }

    /** The median of {@code value} over the rounds (the mean of the middle two for an even count). */
    static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    @Override
    public Integer call() throws IOException {
        if (promptTokens < 1 || genTokens < 1 || repeat < 1) {
            throw new IllegalArgumentException("--prompt-tokens, --gen-tokens and --repeat must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedModel loaded = model.load(promptTokens + genTokens)) {
            Transformer transformer = loaded.transformer();
            int vocab = loaded.config().vocabSize();
            // Like llama-bench, the context is exactly what the run needs unless --context says otherwise.
            int context = model.context != null ? model.context : promptTokens + genTokens;
            if (context < promptTokens + genTokens) {
                throw new IllegalArgumentException("--context " + context + " is shorter than --prompt-tokens + --gen-tokens");
            }
            SplittableRandom random = new SplittableRandom(42);
            warmUp(transformer, loaded, vocab, random);
            int[] prompt = random.ints(promptTokens, 0, vocab).toArray();
            double diskBytesPerSecond = diskProbe ? DiskProbe.measure(model.model, DISK_PROBE_BYTES).bytesPerSecond() : 0;
            if (dropCaches && !NativeIo.dropFromPageCache(model.model)) {
                spec.commandLine().getErr().println("warning: could not drop the page cache");
            }
            StatsReport report = stats.start(loaded.metrics());
            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r < repeat; r++) {
                Round round;
                try (InferenceState state = loaded.newState(context, model.kvCacheType())) {
                    round = timeRound(loaded, state, prompt, random, vocab, report);
                }
                rounds.add(peer == null ? round
                        : round.withPeer(findPeer(peer).measure(model.model, promptTokens, genTokens, model.threadCount())));
            }
            // Layer traffic of the first round: later rounds are the same work again.
            MetricsSnapshot decode = rounds.getFirst().decode();
            double promptRate = median(rounds, Round::promptRate);
            double decodeRate = median(rounds, Round::decodeRate);
            BenchPeer.Speed peerSpeed = peer == null ? null
                    : new BenchPeer.Speed(median(rounds, round -> round.peer().promptTokensPerSecond()),
                            median(rounds, round -> round.peer().decodeTokensPerSecond()));
            long modelBytes = loaded.file().fileSize();
            Optional<MappedPages> pages = MappedPages.of(loaded.file().segment());
            if (json) {
                ObjectNode node = new ObjectMapper().createObjectNode()
                        .put("model", model.model.toString())
                        .put("backend", transformer.backend().name())
                        .put("threads", model.threadCount())
                        .put("model_bytes", modelBytes)
                        .put("prompt_tokens", promptTokens)
                        .put("gen_tokens", genTokens)
                        .put("repeat", repeat)
                        .put("prompt_tokens_per_second", promptRate)
                        .put("decode_tokens_per_second", decodeRate)
                        .put("residency", loaded.residency().label())
                        .put("rss_bytes", ProcessMemory.residentBytes())
                        .put("peak_rss_bytes", ProcessMemory.peakResidentBytes());
                pages.ifPresent(p -> StatsReport.putPages(node, p));
                ObjectNode streaming = node.putObject("decode_layer_traffic")
                        .put("budget_bytes", decode.budgetBytes())
                        .put("peak_cache_bytes", decode.peakCacheBytes())
                        .put("kv_cache_bytes", loaded.plan().kvBytes())
                        .put("bytes_read_per_token", decode.bytesRead() / (double) genTokens)
                        .put("sync_loads_per_token", decode.syncLoadsPerToken())
                        .put("io_wait_share", decode.ioWaitShare());
                if (loaded.transformer().layers() instanceof StreamingLayers cache) {
                    streaming.put("read_mode", cache.mode().label()).put("slots", cache.plan().slots())
                            .put("pinned_layers", cache.plan().pinned());
                }
                if (diskProbe) {
                    double perToken = decode.bytesRead() / (double) genTokens;
                    streaming.put("disk_read_bytes_per_second", diskBytesPerSecond)
                            .put("disk_bound_tokens_per_second", perToken == 0 ? 0 : diskBytesPerSecond / perToken)
                            .put("share_of_disk_bound", perToken == 0 ? 0 : decodeRate * perToken / diskBytesPerSecond);
                }
                if (repeat > 1) {
                    ArrayNode list = node.putArray("rounds");
                    for (Round round : rounds) {
                        ObjectNode item = list.addObject().put("prompt_tokens_per_second", round.promptRate())
                                .put("decode_tokens_per_second", round.decodeRate());
                        if (round.peer() != null) {
                            item.put("peer_prompt_tokens_per_second", round.peer().promptTokensPerSecond())
                                    .put("peer_decode_tokens_per_second", round.peer().decodeTokensPerSecond());
                        }
                    }
                }
                if (peerSpeed != null) {
                    node.putObject("peer").put("name", peer)
                            .put("prompt_tokens_per_second", peerSpeed.promptTokensPerSecond())
                            .put("decode_tokens_per_second", peerSpeed.decodeTokensPerSecond())
                            .put("prompt_ratio", promptRate / peerSpeed.promptTokensPerSecond())
                            .put("decode_ratio", decodeRate / peerSpeed.decodeTokensPerSecond());
                }
                out.println(node.toString());
            } else {
                out.printf(Locale.ROOT, "model:   %s (%s)%nbackend: %s%nprompt:  %d tokens, %.2f tok/s%ndecode:  %d tokens, %.2f tok/s%n",
                        model.model, Bytes.format(modelBytes), transformer.backend().name(),
                        promptTokens, promptRate, genTokens, decodeRate);
                if (repeat > 1) {
                    out.printf(Locale.ROOT, "rounds:  %d, medians shown; decode tok/s per round: %s%n", repeat,
                            rounds.stream().map(round -> String.format(Locale.ROOT, "%.2f", round.decodeRate())
                                    + (round.peer() == null ? "" : String.format(Locale.ROOT, " (%s %.2f)", peer,
                                            round.peer().decodeTokensPerSecond())))
                                    .collect(Collectors.joining(", ")));
                }
                out.printf(Locale.ROOT, "layers:  %s, read %s per decoded token, %.2f sync loads per token, I/O wait %.1f%%; peak RSS %s%n",
                        loaded.residency().label(), Bytes.format((long) (decode.bytesRead() / (double) genTokens)),
                        decode.syncLoadsPerToken(), 100 * decode.ioWaitShare(), Bytes.format(ProcessMemory.peakResidentBytes()));
                pages.ifPresent(p -> out.println("pages:   model file, " + p.describe()));
                if (diskProbe) {
                    out.printf(Locale.ROOT, "disk:    %.0f MB/s (O_DIRECT)%n", diskBytesPerSecond / 1e6);
                }
                if (peerSpeed != null) {
                    out.printf(Locale.ROOT, "%s: prompt %.2f tok/s, decode %.2f tok/s; Cairn/%s: prompt %.2fx, decode %.2fx%n",
                            peer, peerSpeed.promptTokensPerSecond(), peerSpeed.decodeTokensPerSecond(), peer,
                            promptRate / peerSpeed.promptTokensPerSecond(), decodeRate / peerSpeed.decodeTokensPerSecond());
                }
            }
            stats.finish(report, loaded, spec.commandLine().getErr());
        }
        out.flush();
        return 0;
    }
}
