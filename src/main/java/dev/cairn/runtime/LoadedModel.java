package dev.cairn.runtime;

import dev.cairn.backend.Backend;
import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.InferenceState;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.LayerSource;
import dev.cairn.model.MappedLayers;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.ModelLoader;
import dev.cairn.model.Transformer;
import dev.cairn.model.Weights;
import dev.cairn.runtime.cache.ResidentLayers;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.runtime.metrics.EngineMetrics;
import dev.cairn.runtime.metrics.MetricsSnapshot;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tokenizer.Tokenizer;
import dev.cairn.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** A model file opened for inference: mapped weights, tokenizer and a compute backend. */
public final class LoadedModel implements AutoCloseable {

    private final GgufFile file;
    private final Transformer transformer;
    private final Tokenizer tokenizer;
    private final MemoryPlan plan;
    private final Residency residency;
    private final EngineMetrics metrics;
    private final LoadOptions options;

    private LoadedModel(GgufFile file, Transformer transformer, Tokenizer tokenizer, MemoryPlan plan,
            Residency residency, EngineMetrics metrics, LoadOptions options) {
        this.file = file;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.plan = plan;
        this.residency = residency;
        this.metrics = metrics;
        this.options = options;
    }

    /** Opens {@code path} with every layer resident, computing on the CPU with {@code threads} threads. */
    public static LoadedModel open(Path path, int threads) throws IOException {
        return open(path, LoadOptions.resident(threads));
    }

    /** Opens {@code path} as {@code options} say: residency, budget, context, threads and backend. */
    public static LoadedModel open(Path path, LoadOptions options) throws IOException {
        return open(path, options, LoadProgress.NONE);
    }

    /** As {@link #open(Path, LoadOptions)}, telling {@code progress} how far the weights are copied to a GPU. */
    public static LoadedModel open(Path path, LoadOptions options, LoadProgress progress) throws IOException {
        GgufFile file = GgufFile.open(path);
        Backend backend = null;
        LayerSource layers = null;
        try {
            ModelConfig config = ModelLoader.config(file);
            LayerManifest manifest = LayerManifest.of(file, config);
            Tokenizer tokenizer = Tokenizers.fromMetadata(file.metadata(), file.path());
            int context = options.context() > 0 ? options.context() : defaultContext(config);
            MemoryPlan plan = MemoryPlan.of(file, manifest, context, options.kvType());
            AtomicLong copied = new AtomicLong();
            backend = options.backend().open(options.threads(),
                    bytes -> progress.copied(copied.addAndGet(bytes), plan.weightsBytes()));
            OptionalLong deviceMemory = backend.deviceMemoryBytes();
            long budget;
            Residency residency;
            if (deviceMemory.isPresent()) {
                // On a GPU the budget is the device memory the weights may take; the KV cache and scratch come beside it.
                budget = options.gpuWeightsBytes(deviceMemory.getAsLong(), plan);
                residency = onDevice(path.getFileName().toString(), plan, deviceMemory.getAsLong(), budget, backend.name(),
                        options.residency());
            } else {
                budget = options.budget().resolve();
                residency = options.residency().resolve(plan, budget);
            }
            EngineMetrics metrics = new EngineMetrics();
            metrics.budget(budget);
            Weights weights;
            if (residency == Residency.STREAMING && deviceMemory.isPresent()) {
                long slotBytes = StreamingLayers.deviceSlotBytes(manifest);
                long cacheBytes = budget - plan.residentBytes();
                if (cacheBytes < slotBytes) {
                    // The model cannot run on this device within this budget: as a model larger than the device, exit 2.
                    throw new BackendUnavailableException("a GPU budget of " + Bytes.format(budget)
                            + " cannot stream this model: it needs at least " + Bytes.format(plan.residentBytes() + slotBytes)
                            + " (the always-resident weights " + Bytes.format(plan.residentBytes()) + " plus one layer of "
                            + Bytes.format(slotBytes) + ")");
                }
                checkHostBudget(plan, options, StreamingLayers.deviceStagingBytes(file, manifest, options.ioThreads()));
                StreamingLayers streaming = StreamingLayers.openOnDevice(file, manifest, backend, cacheBytes,
                        options.streaming(), metrics);
                layers = streaming;
                weights = streaming.weights();
            } else if (residency == Residency.STREAMING) {
                long slotBytes = StreamingLayers.slotBytes(file, manifest, options.readMode());
                if (plan.cacheBytes(budget) < slotBytes) {
                    throw new IllegalArgumentException("a budget of " + Bytes.format(budget)
                            + " cannot stream this model: it needs at least " + Bytes.format(plan.budgetForSlots(slotBytes, 1))
                            + " (the process itself, always-resident weights, KV cache and scratch, plus one layer)");
                }
                StreamingLayers streaming = StreamingLayers.open(file, manifest, backend, plan.cacheBytes(budget),
                        options.streaming(), metrics);
                layers = streaming;
                weights = streaming.weights();
            } else {
                weights = ModelLoader.weights(file, config);
                boolean backendTimesLayers = backend.timeLayers(metrics::computeSpan);
                layers = new ResidentLayers(new MappedLayers(file, manifest, backend), metrics, !backendTimesLayers);
                metrics.cacheBytes(plan.weightsBytes());
            }
            return new LoadedModel(file, new Transformer(config, weights, backend, layers), tokenizer, plan,
                    residency, metrics, options);
        } catch (RuntimeException | IOException e) {
            if (layers != null) {
                layers.close();
            }
            if (backend != null) {
                backend.close();
            }
            file.close();
            throw e;
        }
    }

    /**
     * Layers streaming into a GPU still take host memory (the process, copies of the always-resident tensors,
     * staging buffers): they must fit the host budget, {@code --budget}.
     */
    private static void checkHostBudget(MemoryPlan plan, LoadOptions options, long stagingBytes) {
        long hostBudget = options.budget().resolve();
        long host = plan.hostBytesStreamingToDevice(stagingBytes);
        if (host > hostBudget) {
            throw new IllegalArgumentException("a budget of " + Bytes.format(hostBudget) + " cannot stream this model into "
                    + "the GPU: the host needs " + Bytes.format(host) + " (the process, the always-resident weights' copies "
                    + "and " + Bytes.format(stagingBytes) + " of staging, one layer per I/O thread)");
        }
    }

    /** Host memory taken by staging buffers for layers streaming into a GPU; 0 when layers do not stream into one. */
    public long hostStagingBytes() {
        if (!(transformer.layers() instanceof StreamingLayers) || transformer.backend().deviceMemoryBytes().isEmpty()) {
            return 0;
        }
        return StreamingLayers.deviceStagingBytes(file, LayerManifest.of(file, config()), options.ioThreads());
    }

    /**
     * RESIDENT when the weights fit {@code weightsBudget} of the device's memory (and {@code asked} allows),
     * else STREAMING; fails in one line with the numbers when what the device must hold (the weights within
     * the budget, the KV cache and scratch) exceeds its memory, or when RESIDENT was asked of weights over budget.
     */
    static Residency onDevice(String model, MemoryPlan plan, long deviceBytes, long weightsBudget, String device,
            Residency asked) {
        boolean fits = plan.weightsBytes() <= weightsBudget;
        if (asked == Residency.RESIDENT && !fits) {
            throw new BackendUnavailableException(model + "'s weights (" + Bytes.format(plan.weightsBytes())
                    + ") do not fit the GPU budget of " + Bytes.format(weightsBudget) + " on " + device
                    + ": use --residency auto to stream layers, a larger --gpu-budget, or a smaller model");
        }
        Residency residency = asked == Residency.STREAMING || !fits ? Residency.STREAMING : Residency.RESIDENT;
        // The always-resident weights are on the device whatever the budget (a default budget goes negative
        // when the KV cache alone outgrows the device).
        long weightsOnDevice = Math.min(plan.weightsBytes(), Math.max(weightsBudget, plan.residentBytes()));
        long needed = weightsOnDevice + plan.kvBytes() + plan.scratchBytes();
        if (needed > deviceBytes) {
            throw new BackendUnavailableException(model + " needs " + Bytes.format(needed) + " (weights "
                    + Bytes.format(weightsOnDevice) + " on the device, KV cache and scratch) but " + device + " has "
                    + Bytes.format(deviceBytes) + ": use a smaller --gpu-budget or context, or --backend cpu");
        }
        return residency;
    }

    /** The memory this model needs, for the context it was opened with. */
    public MemoryPlan plan() {
        return plan;
    }

    /** RESIDENT or STREAMING: what {@link Residency#AUTO} resolved to. */
    public Residency residency() {
        return residency;
    }

    /**
     * This load as the wizard's forecast sees it (plan, residency, budget, read-ahead), with the disk read
     * at {@code diskBytesPerSecond}: what the inspector and {@code --stats} explain the speed with.
     */
    public PlanEstimate estimate(double diskBytesPerSecond) {
        MetricsSnapshot totals = metrics.snapshot();
        OptionalLong deviceMemory = transformer.backend().deviceMemoryBytes();
        if (deviceMemory.isEmpty()) {
            return new PlanEstimate(plan, residency, totals.budgetBytes(), plan.minimumStreamingBudget(),
                    options.prefetch(), diskBytesPerSecond);
        }
        // On a GPU the budget is the device's (the weights' GPU budget, the KV cache and scratch), and the bus
        // runs at the rate this run's uploads measured.
        long slotBytes = StreamingLayers.deviceSlotBytes(LayerManifest.of(file, config()));
        double upload = totals.uploadedBytes() > 0 ? totals.uploadBytesPerSecond() : 0;
        return new PlanEstimate(plan, residency, totals.budgetBytes() + plan.kvBytes() + plan.scratchBytes(),
                PlanEstimate.minimumDeviceBudget(plan, slotBytes), options.prefetch(), diskBytesPerSecond,
                new PlanEstimate.Device(deviceMemory.getAsLong(), slotBytes, hostStagingBytes(), upload));
    }

    /** Compute threads this model runs with. */
    public int threads() {
        return options.threads();
    }

    /** Events and totals of this model's layer traffic and compute. */
    public EngineMetrics metrics() {
        return metrics;
    }

    public GgufFile file() {
        return file;
    }

    public ModelConfig config() {
        return transformer.config();
    }

    public Transformer transformer() {
        return transformer;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * A fresh per-session state with room for {@code contextLength} tokens, its KV cache in F16. Like
     * llama.cpp this may exceed the length the model was trained for; quality then degrades, which is the
     * caller's choice. Close it when the session ends (closing the model frees what is left).
     */
    public InferenceState newState(int contextLength) {
        return newState(contextLength, GgmlType.F16);
    }

    /** Like {@link #newState(int)} with the KV cache stored as {@code kvType} (F16, the default, or F32). */
    public InferenceState newState(int contextLength, GgmlType kvType) {
        return transformer.newState(contextLength, kvType);
    }

    /**
     * The context a run gets when the user did not choose one: the length the model was trained for, at
     * most {@value #DEFAULT_CONTEXT_CAP} (to bound KV-cache memory). Never more than the trained length:
     * past it a model writes gibberish, so going there is the user's explicit choice.
     */
    public int defaultContext() {
        return defaultContext(config());
    }

    private static int defaultContext(ModelConfig config) {
        return Math.min(config.contextLength(), DEFAULT_CONTEXT_CAP);
    }

    /** The most positions a first load plans for unless asked: the trained context, at most this. */
    public static final int DEFAULT_CONTEXT_CAP = 4096;

    /** Frees the model after the forward pass in progress, if any (a session on another thread may be in one). */
    @Override
    public void close() {
        transformer.exclusively(() -> {
            transformer.layers().close();
            transformer.backend().close();
        });
        file.close();
    }
}
